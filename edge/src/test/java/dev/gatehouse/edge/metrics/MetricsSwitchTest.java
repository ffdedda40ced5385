package dev.gatehouse.edge.metrics;

import static dev.gatehouse.shared.testing.Await.result;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.agent.Agent;
import dev.gatehouse.agent.testing.TestAgents;
import dev.gatehouse.agent.testing.TestPostgres;
import dev.gatehouse.edge.Edge;
import dev.gatehouse.edge.testing.Scrape;
import dev.gatehouse.edge.testing.TestEdges;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code metrics: {enabled: false}}: a real edge and agent serve traffic and measure none of it.
 */
@ExtendWith(VertxExtension.class)
class MetricsSwitchTest {

  private static final String STATUS = "/api/server/status";

  @Test
  void withMetricsOffNeitherProcessRecordsAnything(Vertx vertx) throws Exception {
    assertThat(scrapesAfterTraffic(vertx, "metrics: {enabled: false}\n"))
        .allSatisfy(scrape -> assertThat(scrape.series("gatehouse_")).isEmpty());
  }

  @Test
  void metricsAreOnByDefault(Vertx vertx) throws Exception {
    Scrape[] scrapes = scrapesAfterTraffic(vertx, "");

    assertThat(scrapes[0].value("gatehouse_edge_requests_total", Map.of("route", STATUS)))
        .isEqualTo(3);
    assertThat(scrapes[1].value("gatehouse_agent_requests_total", Map.of("route", STATUS)))
        .isEqualTo(3);
  }

  /** The edge's and the agent's scrape after three status requests through both. */
  private static Scrape[] scrapesAfterTraffic(Vertx vertx, String metrics) throws Exception {
    String db = TestPostgres.newDatabase();
    String agentYaml =
        """
        listen: {host: 127.0.0.1, port: 0}
        database: {url: %s, pool_size: 2}
        admin: {port: 0}
        routes: [{path: /api/server/status, backend: status}]
        """
            .formatted(db);
    try (Agent agent = TestAgents.start(agentYaml + metrics)) {
      TestAgents.seedConstants(db);
      String edgeYaml =
          """
          upstreams: {agent: {targets: ["127.0.0.1:%d"]}}
          routes: [{path: /api/server/status, methods: [GET], upstream: agent}]
          """
              .formatted(agent.port());
      try (Edge edge = TestEdges.start(edgeYaml + metrics)) {
        WebClient client = TestEdges.client(vertx, HttpVersion.HTTP_1_1);
        for (int i = 0; i < 3; i++) {
          assertThat(result(client.get(edge.httpsPort(), "localhost", STATUS).send()).statusCode())
              .isEqualTo(200);
        }
        WebClient plain = WebClient.create(vertx);
        return new Scrape[] {
          Scrape.of(plain, edge.adminPort()), Scrape.of(plain, agent.adminPort())
        };
      }
    }
  }
}
