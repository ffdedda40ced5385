package dev.gatehouse.edge.admin;

import static dev.gatehouse.shared.testing.Await.result;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.agent.Agent;
import dev.gatehouse.agent.testing.TestAgents;
import dev.gatehouse.agent.testing.TestPostgres;
import dev.gatehouse.edge.Edge;
import dev.gatehouse.edge.testing.TestEdges;
import dev.gatehouse.shared.testing.LogLines;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.json.JsonArray;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;

/** The admin {@code /health} follows the agents: ok, degraded with one down, failing with none. */
@ExtendWith(VertxExtension.class)
class AdminHealthTest {

  private static final Duration WAIT = Duration.ofSeconds(20);

  private String db;
  private final int[] ports = {TestEdges.freePort(), TestEdges.freePort()};
  private final Agent[] agents = new Agent[2];
  private Edge edge;
  private WebClient admin;
  private WebClient outside;

  @BeforeEach
  void start(Vertx vertx) throws Exception {
    outside = TestEdges.client(vertx, HttpVersion.HTTP_1_1);
    db = TestPostgres.newDatabase();
    for (int i = 0; i < 2; i++) {
      agents[i] = startAgent(i);
    }
    edge =
        TestEdges.start(
            """
            upstreams:
              agents:
                targets: ["127.0.0.1:%d", "127.0.0.1:%d"]
                health_check: {interval: 200ms, timeout: 1s, healthy_threshold: 1, unhealthy_threshold: 1}
            routes:
              - path: /api/server/status
                methods: [GET]
                upstream: agents
            """
                .formatted(ports[0], ports[1]));
    admin = WebClient.create(vertx);
  }

  @AfterEach
  void stop() {
    edge.close();
    for (Agent agent : agents) {
      if (agent != null) {
        agent.close();
      }
    }
  }

  @Test
  void healthGoesDegradedThenFailingAsAgentsDieAndBackWhenTheyReturn() throws Exception {
    awaitHealth(200, "ok");
    assertThat(get("/health/ready").statusCode()).isEqualTo(200);

    agents[0].close();
    agents[0] = null;
    awaitHealth(200, "degraded");
    assertThat(get("/health/ready").statusCode()).isEqualTo(200);
    assertPublicHealth("degraded");

    agents[1].close();
    agents[1] = null;
    HttpResponse<Buffer> failing = awaitHealth(503, "failing");
    assertThat(failing.bodyAsJsonObject().getBoolean("ok")).isFalse();
    assertThat(failing.getHeader("Retry-After")).isNotBlank();
    assertThat(get("/health/ready").statusCode()).isEqualTo(503);
    assertThat(get("/health/live").statusCode()).isEqualTo(200);
    // An uptime monitor outside the VPS reaches only the public port: the same verdict there, in
    // an answer that stays 200 (the edge itself serves).
    HttpResponse<Buffer> outside = assertPublicHealth("failing");
    assertThat(outside.bodyAsJsonObject().getBoolean("ok")).isTrue();
    assertThat(outside.bodyAsJsonObject().containsKey("upstreams")).isFalse();

    agents[0] = startAgent(0);
    awaitHealth(200, "degraded");
    agents[1] = startAgent(1);
    awaitHealth(200, "ok");
    assertThat(get("/health/ready").statusCode()).isEqualTo(200);
    assertPublicHealth("ok");
  }

  private HttpResponse<Buffer> assertPublicHealth(String agents) {
    HttpResponse<Buffer> response =
        result(outside.get(edge.httpsPort(), "localhost", "/health").send());
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.bodyAsJsonObject().getString("agents")).isEqualTo(agents);
    return response;
  }

  @Test
  void theFirstChecksRunAtStartNotOneIntervalLater() throws Exception {
    int nobody = TestEdges.freePort();
    try (Edge fresh =
        TestEdges.start(
            """
            upstreams:
              agents:
                targets: ["127.0.0.1:%d", "127.0.0.1:%d"]
                health_check: {interval: 1h, timeout: 1s, unhealthy_threshold: 1}
            routes:
              - path: /api/server/status
                methods: [GET]
                upstream: agents
            """
                .formatted(ports[0], nobody))) {
      awaitHealth(fresh, 200, "degraded");
      // The refused connection can be reported before the live agent answers, so wait for both;
      // with a one-hour interval only the checks made at start can fill them in.
      long until = System.nanoTime() + WAIT.toNanos();
      JsonArray targets = targetsOf(fresh);
      while (System.nanoTime() < until && !allChecked(targets)) {
        Thread.sleep(50);
        targets = targetsOf(fresh);
      }

      assertThat(targets.size()).isEqualTo(2);
      for (int i = 0; i < targets.size(); i++) {
        assertThat(targets.getJsonObject(i).getString("last_check")).isNotNull();
      }
    }
  }

  @Test
  void anEdgeClosedWhileItsChecksRunLogsNoError() throws Exception {
    try (LogLines lines = LogLines.capture(Logger.ROOT_LOGGER_NAME)) {
      for (int i = 0; i < 5; i++) {
        Edge checking =
            TestEdges.start(
                """
                upstreams:
                  agents:
                    targets: ["127.0.0.1:%d"]
                    health_check: {interval: 1ms, timeout: 1s}
                routes:
                  - path: /api/server/status
                    methods: [GET]
                    upstream: agents
                """
                    .formatted(ports[0]));
        Thread.sleep(100);
        checking.close();
      }

      assertThat(lines.all()).filteredOn(line -> "ERROR".equals(line.getString("level"))).isEmpty();
    }
  }

  private JsonArray targetsOf(Edge edge) {
    return get(edge, "/health")
        .bodyAsJsonObject()
        .getJsonObject("upstreams")
        .getJsonArray("agents");
  }

  private static boolean allChecked(JsonArray targets) {
    for (int i = 0; i < targets.size(); i++) {
      if (targets.getJsonObject(i).getString("last_check") == null) {
        return false;
      }
    }
    return true;
  }

  private Agent startAgent(int i) throws Exception {
    return TestAgents.start(
        """
            listen: {host: 127.0.0.1, port: %d}
            database: {url: %s, pool_size: 2}
            routes:
              - path: /api/server/status
                backend: status
            """
            .formatted(ports[i], db));
  }

  private HttpResponse<Buffer> awaitHealth(int status, String state) throws InterruptedException {
    return awaitHealth(edge, status, state);
  }

  private HttpResponse<Buffer> awaitHealth(Edge edge, int status, String state)
      throws InterruptedException {
    long until = System.nanoTime() + WAIT.toNanos();
    HttpResponse<Buffer> last = get(edge, "/health");
    while (System.nanoTime() < until
        && !(last.statusCode() == status
            && state.equals(last.bodyAsJsonObject().getString("status")))) {
      Thread.sleep(50);
      last = get(edge, "/health");
    }
    assertThat(last.statusCode()).isEqualTo(status);
    assertThat(last.bodyAsJsonObject().getString("status")).isEqualTo(state);
    return last;
  }

  private HttpResponse<Buffer> get(String path) {
    return get(edge, path);
  }

  private HttpResponse<Buffer> get(Edge edge, String path) {
    return result(admin.get(edge.adminPort(), "127.0.0.1", path).send());
  }
}
