package dev.gatehouse.edge.ban;

import static dev.gatehouse.shared.testing.Await.result;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.edge.Edge;
import dev.gatehouse.edge.config.EdgeConfig;
import dev.gatehouse.edge.testing.AccessLog;
import dev.gatehouse.edge.testing.AdminApi;
import dev.gatehouse.edge.testing.CountingOrigin;
import dev.gatehouse.edge.testing.TestEdges;
import dev.gatehouse.shared.testing.TestYaml;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.json.JsonArray;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * What fail2ban did: an IP collecting rejections is refused at the edge until lifted or expired.
 */
@ExtendWith(VertxExtension.class)
class BanTest {

  private CountingOrigin origin;
  private Edge edge;
  private WebClient client;
  private AdminApi admin;
  @TempDir Path state;

  @BeforeEach
  void start(Vertx vertx) throws Exception {
    origin = new CountingOrigin(vertx);
    String yaml =
        AdminApi.withOperators(TestEdges.yaml(TestEdges.freePort(), -1, origin.port(), ""), state)
            + "bans: {threshold: 5, window: 1m, duration: 2s, never_ban: []}\n";
    edge = Edge.start(EdgeConfig.from(TestYaml.parse(yaml)));
    client = TestEdges.client(vertx, HttpVersion.HTTP_1_1);
    // The operator works from another address than the banned one.
    admin = new AdminApi(vertx, edge.adminPort(), "127.0.0.2");
  }

  @AfterEach
  void stop() {
    edge.close();
  }

  @Test
  void ipCrossingTheThresholdIsBannedWithoutTouchingTheAgent() {
    probeUnknownPaths(5);

    HttpResponse<Buffer> response = status();

    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(response.bodyAsJsonObject().getString("error")).isEqualTo("banned");
    assertThat(origin.requests()).isZero();
  }

  @Test
  void bannedHttp2ClientGetsAValidAnswer(Vertx vertx) {
    probeUnknownPaths(5);

    HttpResponse<Buffer> response =
        result(
            TestEdges.client(vertx, HttpVersion.HTTP_2)
                .get(edge.httpsPort(), "localhost", "/api/server/status")
                .send());

    assertThat(response.version()).isEqualTo(HttpVersion.HTTP_2);
    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(response.bodyAsJsonObject().getString("error")).isEqualTo("banned");
  }

  @Test
  void fewerRejectionsThanTheThresholdBanNobody() {
    probeUnknownPaths(4);

    assertThat(status().statusCode()).isEqualTo(200);
  }

  @Test
  void adminListsTheBanAndLiftsIt() {
    probeUnknownPaths(5);
    String token = admin.tokens(AdminApi.OPERATOR).getString("access_token");

    JsonArray bans = admin.get("/admin/bans", token).bodyAsJsonObject().getJsonArray("bans");
    assertThat(bans).hasSize(1);
    assertThat(bans.getJsonObject(0).getString("ip")).isEqualTo("127.0.0.1");
    assertThat(bans.getJsonObject(0).getString("until")).isNotBlank();

    assertThat(admin.call(HttpMethod.DELETE, "/admin/bans/127.0.0.1", token).statusCode())
        .isEqualTo(204);
    assertThat(status().statusCode()).isEqualTo(200);
    assertThat(admin.call(HttpMethod.DELETE, "/admin/bans/127.0.0.1", token).statusCode())
        .isEqualTo(404);
  }

  @Test
  void banApiNeverAnswersWithoutAToken() {
    probeUnknownPaths(5);

    HttpResponse<Buffer> list = admin.get("/admin/bans", null);
    HttpResponse<Buffer> lift = admin.call(HttpMethod.DELETE, "/admin/bans/127.0.0.1", null);

    for (HttpResponse<Buffer> response : List.of(list, lift)) {
      assertThat(response.statusCode()).isEqualTo(401);
      assertThat(response.bodyAsJsonObject().getString("error"))
          .isEqualTo("authentication_required");
    }
    assertThat(status().statusCode()).isEqualTo(403);
  }

  @Test
  void viewerListsBansButMayNotLiftThem() {
    probeUnknownPaths(5);
    String token = admin.tokens(AdminApi.VIEWER).getString("access_token");

    assertThat(admin.get("/admin/bans", token).statusCode()).isEqualTo(200);
    HttpResponse<Buffer> lift = admin.call(HttpMethod.DELETE, "/admin/bans/127.0.0.1", token);

    assertThat(lift.statusCode()).isEqualTo(403);
    assertThat(lift.bodyAsJsonObject().getString("error")).isEqualTo("insufficient_role");
    assertThat(status().statusCode()).isEqualTo(403);
  }

  @Test
  void banExpiresByItself() throws Exception {
    probeUnknownPaths(5);
    assertThat(status().statusCode()).isEqualTo(403);

    Thread.sleep(2_200);

    assertThat(status().statusCode()).isEqualTo(200);
  }

  @Test
  void bodiesOverTheLimitSentWithoutALengthAreStrikesAndLogged(Vertx vertx) throws Exception {
    try (AccessLog log = AccessLog.capture()) {
      for (int i = 0; i < 5; i++) {
        assertThat(TestEdges.postWithoutLength(vertx, edge.httpsPort(), "/small/upload", 2048))
            .isEqualTo(413);
      }

      assertThat(status().statusCode()).isEqualTo(403);
      assertThat(log.lines(5).subList(0, 5))
          .allSatisfy(
              line -> assertThat(line.getString("rejected_by")).isEqualTo("payload_too_large"));
    }
    assertThat(origin.requests()).isZero();
  }

  @Test
  void loopbackIsNeverBannedByDefaultButStillRateLimited() throws Exception {
    String yaml =
        """
        bans: {threshold: 2, window: 1m, duration: 1m}
        upstreams:
          agent: {targets: ["127.0.0.1:%d"]}
        routes:
          - {path: /api/server/status, upstream: agent, rate_limit: 3/1m}
        """
            .formatted(origin.port());
    try (Edge exempt = TestEdges.start(yaml)) {
      for (int i = 0; i < 10; i++) {
        assertThat(
                result(client.get(exempt.httpsPort(), "localhost", "/wp-admin/" + i).send())
                    .statusCode())
            .isEqualTo(404);
      }
      List<Integer> statuses = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        statuses.add(
            result(client.get(exempt.httpsPort(), "localhost", "/api/server/status").send())
                .statusCode());
      }

      assertThat(statuses).containsExactly(200, 200, 200, 429, 429, 429);
    }
  }

  private void probeUnknownPaths(int times) {
    for (int i = 0; i < times; i++) {
      assertThat(
              result(client.get(edge.httpsPort(), "localhost", "/wp-admin/" + i).send())
                  .statusCode())
          .isEqualTo(404);
    }
  }

  private HttpResponse<Buffer> status() {
    return result(client.get(edge.httpsPort(), "localhost", "/api/server/status").send());
  }
}
