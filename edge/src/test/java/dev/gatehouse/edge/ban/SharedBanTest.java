package dev.gatehouse.edge.ban;

import static dev.gatehouse.shared.testing.Await.result;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.edge.Edge;
import dev.gatehouse.edge.config.EdgeConfig;
import dev.gatehouse.edge.testing.AdminApi;
import dev.gatehouse.edge.testing.CountingOrigin;
import dev.gatehouse.edge.testing.TestEdges;
import dev.gatehouse.edge.testing.TestRedis;
import dev.gatehouse.shared.testing.TestYaml;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Shared mode: strikes collected on any edge ban the IP on every edge, and a lift reaches all. */
@ExtendWith(VertxExtension.class)
class SharedBanTest {

  @TempDir Path state;
  private TestRedis redis;
  private Edge first;
  private Edge second;
  private WebClient client;
  private CountingOrigin origin;

  @BeforeEach
  void start(Vertx vertx) throws Exception {
    redis = new TestRedis();
    origin = new CountingOrigin(vertx);
    first = startEdge(origin);
    second = startEdge(origin);
    client = TestEdges.client(vertx, HttpVersion.HTTP_1_1);
  }

  @AfterEach
  void stop() throws Exception {
    first.close();
    second.close();
    redis.close();
  }

  @Test
  void strikesOnTwoEdgesBanTheIpOnBoth() throws Exception {
    probe(first, 3);
    probe(second, 2);

    assertThat(statusWithin(first, 403)).isEqualTo(403);
    assertThat(statusWithin(second, 403)).isEqualTo(403);
  }

  @Test
  void liftOnOneEdgeReachesTheOther(Vertx vertx) throws Exception {
    probe(first, 5);
    assertThat(statusWithin(second, 403)).isEqualTo(403);

    AdminApi admin = new AdminApi(vertx, first.adminPort(), "127.0.0.2");
    String token = admin.tokens(AdminApi.OPERATOR).getString("access_token");
    int lifted = admin.call(HttpMethod.DELETE, "/admin/bans/127.0.0.1", token).statusCode();

    assertThat(lifted).isEqualTo(204);
    assertThat(statusWithin(second, 200)).isEqualTo(200);
  }

  @Test
  void anAddressNeverToBanIsServedThoughAnotherEdgeBannedIt() throws Exception {
    try (Edge exempting = startEdge(origin, "[127.0.0.0/8]")) {
      probe(first, 5);
      assertThat(statusWithin(second, 403)).isEqualTo(403);
      Thread.sleep(600); // three sync rounds of the exempting edge

      assertThat(
              result(client.get(exempting.httpsPort(), "localhost", "/api/server/status").send())
                  .statusCode())
          .isEqualTo(200);
    }
  }

  private Edge startEdge(CountingOrigin origin) throws Exception {
    return startEdge(origin, "[]");
  }

  private Edge startEdge(CountingOrigin origin, String neverBan) throws Exception {
    String yaml =
        AdminApi.withOperators(
                TestEdges.yaml(TestEdges.freePort(), -1, origin.port(), ""),
                Files.createTempDirectory(state, "edge"))
            + redis.yaml()
            + "bans: {threshold: 5, window: 1m, duration: 1m, sync_interval: 200ms, never_ban: "
            + neverBan
            + "}\n";
    return Edge.start(EdgeConfig.from(TestYaml.parse(yaml)));
  }

  private void probe(Edge edge, int times) {
    for (int i = 0; i < times; i++) {
      assertThat(
              result(client.get(edge.httpsPort(), "localhost", "/wp-login.php").send())
                  .statusCode())
          .isEqualTo(404);
    }
  }

  /** The status the edge answers once it has synced, polled for up to two seconds. */
  private int statusWithin(Edge edge, int expected) throws InterruptedException {
    int status = 0;
    for (int i = 0; i < 20 && status != expected; i++) {
      status =
          result(client.get(edge.httpsPort(), "localhost", "/api/server/status").send())
              .statusCode();
      if (status != expected) {
        Thread.sleep(100);
      }
    }
    return status;
  }
}
