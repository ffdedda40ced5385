package dev.gatehouse.edge.admin;

import static dev.gatehouse.shared.testing.Await.result;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.edge.Edge;
import dev.gatehouse.edge.config.EdgeConfig;
import dev.gatehouse.edge.testing.AdminApi;
import dev.gatehouse.edge.testing.CountingOrigin;
import dev.gatehouse.edge.testing.Scrape;
import dev.gatehouse.edge.testing.TestEdges;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Status, logs, restarts and reload of a running edge through its admin API. */
@ExtendWith(VertxExtension.class)
class AdminOperationsTest {

  @TempDir Path dir;
  private Path file;
  private CountingOrigin slow;
  private CountingOrigin fast;
  private Edge edge;
  private AdminApi api;
  private WebClient client;
  private String operator;
  private int httpsPort;

  @BeforeEach
  void start(Vertx vertx) throws Exception {
    slow = new CountingOrigin(vertx, 1500);
    fast = new CountingOrigin(vertx);
    httpsPort = TestEdges.freePort();
    file = dir.resolve("edge.yaml");
    Files.writeString(file, yaml(""));
    edge = Edge.start(EdgeConfig.load(file), Optional.of(() -> EdgeConfig.load(file)));
    api = new AdminApi(vertx, edge.adminPort());
    client = TestEdges.client(vertx, HttpVersion.HTTP_1_1);
    operator = api.tokens(AdminApi.OPERATOR).getString("access_token");
  }

  @AfterEach
  void stop() {
    edge.close();
  }

  private String yaml(String moreRoutes) {
    return """
        listen: {host: 127.0.0.1, https_port: %d, http_port: -1}
        tls: {cert: %s, key: %s}
        bans: {enabled: false}
        upstreams:
          slow: {targets: ["127.0.0.1:%d"], response_timeout: 10s}
          fast: {targets: ["127.0.0.1:%d"]}
        routes:
          - {path: /slow, methods: [GET], upstream: slow}
          - {path: /api/server/status, methods: [GET], upstream: fast, cache: {ttl: 1m}}
        %s
        """
            .formatted(
                httpsPort,
                TestEdges.CERTIFICATE.certificatePath(),
                TestEdges.CERTIFICATE.privateKeyPath(),
                slow.port(),
                fast.port(),
                moreRoutes)
        + AdminApi.adminYaml(dir.resolve("state"), "");
  }

  private HttpResponse<Buffer> get(String path) {
    return result(client.get(httpsPort, "localhost", path).send());
  }

  @Test
  void statusShowsEdgeAgentsRoutesCertificateAndBans() {
    String viewer = api.tokens(AdminApi.VIEWER).getString("access_token");

    HttpResponse<Buffer> response = api.get("/admin/status", viewer);

    assertThat(response.statusCode()).isEqualTo(200);
    JsonObject status = response.bodyAsJsonObject();
    assertThat(status.getJsonObject("edge").getString("version")).isNotBlank();
    assertThat(status.getJsonObject("edge").getLong("config_generation")).isEqualTo(1);
    JsonObject agent =
        status
            .getJsonObject("upstreams")
            .getJsonObject("fast")
            .getJsonArray("agents")
            .getJsonObject(0);
    assertThat(agent.getString("target")).isEqualTo("127.0.0.1:" + fast.port());
    assertThat(agent.getString("state")).isEqualTo("healthy");
    assertThat(status.getJsonArray("routes").stream().map(r -> ((JsonObject) r).getString("path")))
        .containsExactly("/slow", "/api/server/status");
    assertThat(status.getJsonObject("certificate").getString("not_after")).isNotBlank();
    assertThat(status.getJsonObject("bans").getInteger("active")).isZero();
    assertThat(status.getJsonObject("shared_mode").getBoolean("enabled")).isFalse();
    assertThat(status.getJsonArray("restart_components")).contains("edge-cache", "edge-upstreams");
  }

  @Test
  void logsShowRecentLinesFilteredByLevelAndLimit() {
    JsonArray lines =
        api.get("/admin/logs?limit=50", operator).bodyAsJsonObject().getJsonArray("lines");
    assertThat(lines.stream().map(l -> ((JsonObject) l).getString("message")))
        .anyMatch(m -> m.startsWith("admin login of " + AdminApi.OPERATOR));

    api.login(AdminApi.OPERATOR, "a wrong password");
    JsonArray warnings =
        api.get("/admin/logs?level=warn&limit=1", operator)
            .bodyAsJsonObject()
            .getJsonArray("lines");
    assertThat(warnings).hasSize(1);
    assertThat(warnings.getJsonObject(0).getString("level")).isEqualTo("WARN");
    assertThat(warnings.getJsonObject(0).getString("message")).startsWith("failed admin login");

    String later = "2999-01-01T00:00:00Z";
    assertThat(
            api.get("/admin/logs?since=" + later, operator)
                .bodyAsJsonObject()
                .getJsonArray("lines"))
        .isEmpty();
    HttpResponse<Buffer> bad = api.get("/admin/logs?level=loud", operator);
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(bad.bodyAsJsonObject().getJsonObject("fields").getString("level")).isNotBlank();
  }

  @Test
  void linesAfterTheLastOneSeenAreAllGivenOnceInOrderHoweverManyShareAMillisecond() {
    JsonArray newest =
        api.get("/admin/logs?limit=1", operator).bodyAsJsonObject().getJsonArray("lines");
    long seen = newest.getJsonObject(0).getLong("seq");
    Logger burst = LoggerFactory.getLogger("test.burst");
    for (int i = 0; i < 300; i++) {
      burst.info("burst line {}", i);
    }

    List<String> followed = new ArrayList<>();
    for (int page = 0; page < 3; page++) {
      JsonArray lines =
          api.get("/admin/logs?after=" + seen + "&limit=200", operator)
              .bodyAsJsonObject()
              .getJsonArray("lines");
      for (int i = 0; i < lines.size(); i++) {
        JsonObject line = lines.getJsonObject(i);
        assertThat(line.getLong("seq")).isGreaterThan(seen);
        seen = line.getLong("seq");
        if (line.getString("logger").equals("test.burst")) {
          followed.add(line.getString("message"));
        }
      }
    }

    assertThat(followed)
        .containsExactlyElementsOf(
            IntStream.range(0, 300).mapToObj(i -> "burst line " + i).toList());
    HttpResponse<Buffer> bad = api.get("/admin/logs?after=soon", operator);
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(bad.bodyAsJsonObject().getJsonObject("fields").getString("after")).isNotBlank();
  }

  @Test
  void restartOfAnUnknownComponentIs404AndRunsNothing() {
    get("/api/server/status");
    assertThat(fast.requests()).isEqualTo(1);

    for (String name : new String[] {"bash", "..%2F..%2Fbin%2Fsh", "edge-cache;reboot"}) {
      HttpResponse<Buffer> response = api.call(HttpMethod.POST, "/admin/restart/" + name, operator);
      assertThat(response.statusCode()).as(name).isEqualTo(404);
      assertThat(response.bodyAsJsonObject().getString("error")).isEqualTo("unknown_component");
    }

    get("/api/server/status");
    assertThat(fast.requests()).isEqualTo(1);
  }

  @Test
  void restartOfTheCacheEmptiesIt() {
    get("/api/server/status");

    HttpResponse<Buffer> restart = api.call(HttpMethod.POST, "/admin/restart/edge-cache", operator);

    assertThat(restart.statusCode()).isEqualTo(200);
    assertThat(restart.bodyAsJsonObject().getLong("dropped")).isEqualTo(1);
    get("/api/server/status");
    assertThat(fast.requests()).isEqualTo(2);
  }

  @Test
  void viewerMayNotRestartOrReload() {
    String viewer = api.tokens(AdminApi.VIEWER).getString("access_token");

    for (String path : new String[] {"/admin/restart/edge-cache", "/admin/reload"}) {
      HttpResponse<Buffer> response = api.call(HttpMethod.POST, path, viewer);
      assertThat(response.statusCode()).as(path).isEqualTo(403);
      assertThat(response.bodyAsJsonObject().getString("error")).isEqualTo("insufficient_role");
    }
  }

  @Test
  void reloadAppliesANewRouteWithoutDroppingARequestInFlight(Vertx vertx) throws Exception {
    assertThat(get("/api/new").statusCode()).isEqualTo(404);
    Future<HttpResponse<Buffer>> inFlight = client.get(httpsPort, "localhost", "/slow").send();
    Thread.sleep(300);
    Files.writeString(
        file,
        yaml("  - {path: /api/new, methods: [GET], upstream: fast}")
            .replace("- {path: /slow", "- {path: /slower"));

    HttpResponse<Buffer> reload = api.call(HttpMethod.POST, "/admin/reload", operator);

    assertThat(reload.statusCode()).isEqualTo(200);
    assertThat(reload.bodyAsJsonObject().getLong("generation")).isEqualTo(2);
    assertThat(get("/api/new").statusCode()).isEqualTo(200);
    assertThat(get("/slow").statusCode()).isEqualTo(404);
    HttpResponse<Buffer> finished = result(inFlight);
    assertThat(finished.statusCode()).isEqualTo(200);
    assertThat(finished.bodyAsString()).isEqualTo("{\"ok\":true}");
  }

  @Test
  void reloadReplacesTheAgentMetricsOfAChangedUpstream(Vertx vertx) throws Exception {
    WebClient plain = WebClient.create(vertx);
    String fastTarget = "127.0.0.1:" + fast.port();
    String nobody = "127.0.0.1:" + TestEdges.freePort();
    assertThat(Scrape.of(plain, edge.adminPort()).series("gatehouse_edge_agent_up"))
        .anyMatch(series -> series.contains(fastTarget));
    Files.writeString(file, yaml("").replace(fastTarget, nobody));

    assertThat(api.call(HttpMethod.POST, "/admin/reload", operator).statusCode()).isEqualTo(200);

    Scrape after = Scrape.of(plain, edge.adminPort());
    assertThat(after.series("gatehouse_edge_agent"))
        .noneMatch(series -> series.contains(fastTarget));
    assertThat(after.series("gatehouse_edge_agent_up"))
        .anyMatch(series -> series.contains("upstream=\"fast\"") && series.contains(nobody));
  }

  @Test
  void invalidConfigIsRefusedWithItsErrorAndNothingChanges() throws Exception {
    Files.writeString(file, yaml("  - {path: /api/new, methods: [GET], upstream: nowhere}"));

    HttpResponse<Buffer> reload = api.call(HttpMethod.POST, "/admin/reload", operator);

    assertThat(reload.statusCode()).isEqualTo(422);
    assertThat(reload.bodyAsJsonObject().getString("error")).isEqualTo("reload_refused");
    assertThat(reload.bodyAsJsonObject().getString("message"))
        .contains("edge.yaml")
        .contains("routes[2].upstream")
        .doesNotContain("\n");
    assertThat(get("/api/new").statusCode()).isEqualTo(404);
    assertThat(get("/slow").statusCode()).isEqualTo(200);
    assertThat(
            api.get("/admin/status", operator)
                .bodyAsJsonObject()
                .getJsonObject("edge")
                .getLong("config_generation"))
        .isEqualTo(1);
  }

  @Test
  void aChangeThatNeedsARestartIsRefused() throws Exception {
    Files.writeString(
        file, yaml("").replace("bans: {enabled: false}", "bans: {enabled: false}\ninstances: 7"));

    HttpResponse<Buffer> reload = api.call(HttpMethod.POST, "/admin/reload", operator);

    assertThat(reload.statusCode()).isEqualTo(422);
    assertThat(reload.bodyAsJsonObject().getString("message")).contains("instances changed");
    assertThat(get("/slow").statusCode()).isEqualTo(200);
  }
}
