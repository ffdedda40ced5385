package dev.gatehouse.edge.proxy;

import static dev.gatehouse.shared.testing.Await.result;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.agent.Agent;
import dev.gatehouse.agent.game.mock.MockBehaviour;
import dev.gatehouse.agent.game.mock.MockGameServer;
import dev.gatehouse.agent.testing.Registrations;
import dev.gatehouse.agent.testing.TestAgents;
import dev.gatehouse.agent.testing.TestPostgres;
import dev.gatehouse.edge.Edge;
import dev.gatehouse.edge.testing.TestEdges;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Two real agents behind one edge upstream: load shared, one killed, nothing lost or doubled. */
@ExtendWith(VertxExtension.class)
class UpstreamPoolTest {

  private String db;
  private MockGameServer game;
  private final Agent[] agents = new Agent[2];
  private final AtomicInteger[] served = {new AtomicInteger(), new AtomicInteger()};
  private Edge edge;
  private WebClient client;
  private WebClient admin;

  @BeforeEach
  void start(Vertx vertx) throws Exception {
    db = TestPostgres.newDatabase();
    game = new MockGameServer(vertx, MockBehaviour.slow(java.time.Duration.ofMillis(20)));
    int gamePort = result(game.listen("127.0.0.1", 0));
    for (int i = 0; i < 2; i++) {
      AtomicInteger count = served[i];
      int servicePort =
          result(
                  vertx
                      .createHttpServer()
                      .requestHandler(
                          request -> {
                            count.incrementAndGet();
                            request.response().end("{}");
                          })
                      .listen(0, "127.0.0.1"))
              .actualPort();
      agents[i] =
          TestAgents.startRegistering(
              db, gamePort, "", "- path: /stats/*\n  url: http://127.0.0.1:" + servicePort);
    }
    String yaml =
        """
        bans: {enabled: false}
        upstreams:
          agents:
            targets: ["127.0.0.1:%d", "127.0.0.1:%d"]
            health_check: {interval: 200ms, timeout: 1s}
        routes:
          - path: /stats/*
            upstream: agents
          - path: /api/register
            methods: [POST]
            upstream: agents
            content_types: [application/json]
        """
            .formatted(agents[0].port(), agents[1].port());
    edge = TestEdges.start(yaml);
    client = TestEdges.client(vertx, HttpVersion.HTTP_1_1);
    admin = WebClient.create(vertx);
    awaitBothAgentsCheckedHealthy();
  }

  @AfterEach
  void stop() {
    edge.close();
    for (Agent agent : agents) {
      agent.close();
    }
  }

  @Test
  void twoAgentsShareTheLoad() {
    List<Integer> statuses = getStats(40);

    assertThat(statuses).containsOnly(200);
    assertThat(served[0].get()).isEqualTo(20);
    assertThat(served[1].get()).isEqualTo(20);
  }

  @Test
  void noGetFailsWhenOneAgentIsKilledWhileAnotherIsHealthy(Vertx vertx) {
    getStats(10);
    List<Future<HttpResponse<Buffer>>> during = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      during.add(client.get(edge.httpsPort(), "localhost", "/stats/x").send());
      if (i == 50) {
        agents[0].close();
      }
    }

    assertThat(during)
        .allSatisfy(response -> assertThat(result(response).statusCode()).isEqualTo(200));
    // Counted once every request sent around the kill has its answer.
    int servedByFirst = served[0].get();
    assertThat(getStats(50)).containsOnly(200);
    assertThat(served[0].get()).isEqualTo(servedByFirst);
    JsonArray targets = adminHealth().getJsonObject("upstreams").getJsonArray("agents");
    assertThat(targets.getJsonObject(0).getString("state")).isIn("unhealthy", "ejected");
    assertThat(targets.getJsonObject(1).getString("state")).isEqualTo("healthy");
    assertThat(targets.getJsonObject(1).getBoolean("last_check_ok")).isTrue();
  }

  @Test
  void noPostIsSentTwiceWhenAnAgentIsKilled() {
    List<Future<HttpResponse<Buffer>>> sent = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      sent.add(
          client
              .post(edge.httpsPort(), "localhost", "/api/register")
              .sendJsonObject(Registrations.body("pool_" + i, "pool-password", 0, 100 + i)));
      if (i == 15) {
        agents[0].close();
      }
    }
    List<Integer> statuses = sent.stream().map(f -> result(f).statusCode()).toList();

    // A second send of the same registration would find its own login taken.
    assertThat(statuses).doesNotContain(409).contains(200);
    long ok = statuses.stream().filter(s -> s == 200).count();
    long broken = statuses.stream().filter(s -> s == 502).count();
    long rows = TestPostgres.queryLong(db, "SELECT count(*) FROM players");
    assertThat(rows).isBetween(ok, ok + broken);
  }

  private List<Integer> getStats(int count) {
    List<Integer> statuses = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      statuses.add(
          result(client.get(edge.httpsPort(), "localhost", "/stats/x").send()).statusCode());
    }
    return statuses;
  }

  /**
   * Waits, up to ten seconds, until a health check has passed on each agent. An agent is shown
   * {@code healthy} from the start, before any check has run (the first comes one interval after
   * the edge starts), so the state alone does not say that the edge has checked it.
   */
  private void awaitBothAgentsCheckedHealthy() throws InterruptedException {
    long deadline = System.nanoTime() + 10_000_000_000L;
    JsonArray targets = new JsonArray();
    while (System.nanoTime() < deadline) {
      targets = adminHealth().getJsonObject("upstreams").getJsonArray("agents");
      if (targets.size() == 2
          && targets.stream()
              .map(t -> (JsonObject) t)
              .allMatch(
                  t ->
                      t.getString("state").equals("healthy")
                          && Boolean.TRUE.equals(t.getBoolean("last_check_ok")))) {
        return;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("agents not both checked healthy: " + targets);
  }

  private JsonObject adminHealth() {
    return result(admin.get(edge.adminPort(), "127.0.0.1", "/health").send()).bodyAsJsonObject();
  }
}
