package dev.gatehouse.edge.metrics;

import static dev.gatehouse.shared.testing.Await.result;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.gatehouse.agent.Agent;
import dev.gatehouse.agent.game.mock.MockBehaviour;
import dev.gatehouse.agent.game.mock.MockGameServer;
import dev.gatehouse.agent.testing.Registrations;
import dev.gatehouse.agent.testing.TestAgents;
import dev.gatehouse.agent.testing.TestPostgres;
import dev.gatehouse.edge.Edge;
import dev.gatehouse.edge.testing.Scrape;
import dev.gatehouse.edge.testing.TestEdges;
import dev.gatehouse.shared.testing.Await;
import dev.gatehouse.shared.trust.SharedSecret;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** A real edge and agent after known traffic: their {@code /metrics} count exactly that traffic. */
@ExtendWith(VertxExtension.class)
class MetricsScrapeTest {

  private static final String REGISTER = "/api/register";
  private static final String STATUS = "/api/server/status";
  private static final Path DASHBOARD = Path.of("..", "conf", "grafana", "gatehouse.json");
  private static final Pattern METRIC_NAME = Pattern.compile("gatehouse_[a-z_]+");

  @TempDir Path dir;

  private String db;
  private MockGameServer game;
  private Agent agent;
  private Edge edge;
  private WebClient client;
  private WebClient plain;

  @BeforeEach
  void start(Vertx vertx) throws Exception {
    db = TestPostgres.newDatabase();
    game = new MockGameServer(vertx, MockBehaviour.NORMAL);
    int gamePort = result(game.listen("127.0.0.1", 0));
    agent =
        TestAgents.start(
            TestAgents.registeringYaml(db, 0, gamePort, "1s", "", "") + "admin: {port: 0}\n");
    TestAgents.seedConstants(db);
    Path secret = Files.writeString(dir.resolve("agent-secret"), SharedSecret.generate().encoded());
    edge =
        TestEdges.start(
            """
            bans: {enabled: false}
            upstreams:
              agent:
                targets: ["127.0.0.1:%d"]
              stream_agent:
                targets: ["127.0.0.1:%d"]
                assertion_secret_file: %s
            routes:
              - path: /api/server/status
                methods: [GET]
                upstream: agent
                cache: {ttl: 1m, stale_if_error: 10m}
              - path: /api/register
                methods: [POST]
                upstream: agent
                content_types: [application/json]
            streams:
              - name: game
                listen: {host: 127.0.0.1, port: 0}
                upstream: stream_agent
                target: game
                agent_port: %d
            """
                .formatted(agent.port(), agent.port(), secret, TestEdges.freePort()));
    client = TestEdges.client(vertx, HttpVersion.HTTP_1_1);
    plain = WebClient.create(vertx);
  }

  @AfterEach
  void stop() {
    edge.close();
    agent.close();
  }

  @Test
  void edgeAndAgentCountRequestsRejectionsCacheAndRegistrations() throws Exception {
    for (int i = 0; i < 3; i++) {
      assertThat(register("metrics_" + i, 500 + i).statusCode()).isEqualTo(200);
    }
    for (int i = 0; i < 2; i++) {
      HttpResponse<Buffer> refused =
          result(
              client
                  .post(edge.httpsPort(), "localhost", REGISTER)
                  .putHeader("Content-Type", "text/plain")
                  .sendBuffer(Buffer.buffer("hello")));
      assertThat(refused.statusCode()).isEqualTo(415);
    }
    assertThat(status().getHeader("X-Cache")).isEqualTo("MISS");
    assertThat(status().getHeader("X-Cache")).isEqualTo("HIT");
    result(game.stop());
    assertThat(register("metrics_down", 600).statusCode()).isEqualTo(503);

    // A request is counted once its answer's last byte has gone out, which can be just after the
    // client has read it: the scrape waits for the sixth.
    Await.eventually(
        Duration.ofSeconds(10),
        () ->
            Scrape.of(plain, edge.adminPort())
                    .value(
                        "gatehouse_edge_request_duration_seconds_count", Map.of("route", REGISTER))
                == 6);
    Scrape edgeMetrics = Scrape.of(plain, edge.adminPort());
    assertThat(
            edgeMetrics.value(
                "gatehouse_edge_requests_total",
                Map.of("route", REGISTER, "method", "POST", "status", "2xx")))
        .isEqualTo(3);
    assertThat(
            edgeMetrics.value(
                "gatehouse_edge_requests_total",
                Map.of("route", REGISTER, "method", "POST", "status", "4xx")))
        .isEqualTo(2);
    assertThat(
            edgeMetrics.value(
                "gatehouse_edge_rejections_total",
                Map.of("route", REGISTER, "policy", "body", "error", "unsupported_media_type")))
        .isEqualTo(2);
    assertThat(
            edgeMetrics.value(
                "gatehouse_edge_request_duration_seconds_count", Map.of("route", REGISTER)))
        .isEqualTo(6);
    assertThat(
            edgeMetrics.value(
                "gatehouse_edge_upstream_duration_seconds_count",
                Map.of("route", REGISTER, "upstream", "agent")))
        .isEqualTo(4);
    assertThat(
            edgeMetrics.value(
                "gatehouse_edge_cache_lookups_total", Map.of("route", STATUS, "result", "miss")))
        .isEqualTo(1);
    assertThat(
            edgeMetrics.value(
                "gatehouse_edge_cache_lookups_total", Map.of("route", STATUS, "result", "hit")))
        .isEqualTo(1);
    assertThat(
            edgeMetrics.value(
                "gatehouse_edge_agent_up",
                Map.of("upstream", "agent", "target", "127.0.0.1:" + agent.port())))
        .isEqualTo(1);

    double certificateDays =
        edgeMetrics.value("gatehouse_edge_certificate_expiry_seconds", Map.of()) / 86400;
    assertThat(certificateDays)
        .isCloseTo(daysLeft(TestEdges.CERTIFICATE.certificatePath()), within(1.0));

    Scrape agentMetrics = Scrape.of(plain, agent.adminPort());
    assertThat(
            agentMetrics.value(
                "gatehouse_agent_backend_replies_total",
                Map.of("backend", "register", "outcome", "ok")))
        .isEqualTo(3);
    assertThat(
            agentMetrics.value(
                "gatehouse_agent_backend_replies_total",
                Map.of("backend", "register", "outcome", "game_server_unavailable")))
        .isEqualTo(1);
    assertThat(
            agentMetrics.value(
                "gatehouse_agent_requests_total", Map.of("route", REGISTER, "status", "2xx")))
        .isEqualTo(3);
    assertThat(
            agentMetrics.value(
                "gatehouse_agent_request_duration_seconds_count", Map.of("route", STATUS)))
        .isEqualTo(1);
    assertThat(
            agentMetrics.value(
                "gatehouse_agent_status_cache_lookups_total", Map.of("result", "miss")))
        .isEqualTo(1);
  }

  @Test
  void agentMeasuresHashingTheGameServerAndTheJournal() throws Exception {
    for (int i = 0; i < 2; i++) {
      assertThat(register("backend_" + i, 800 + i).statusCode()).isEqualTo(200);
    }
    result(game.stop());
    assertThat(register("backend_down", 810).statusCode()).isEqualTo(503);

    // The attempt the game server failed stays in the journal: its undo cannot reach it either.
    Await.eventually(
        Duration.ofSeconds(20),
        () ->
            Scrape.of(plain, agent.adminPort()).value("gatehouse_agent_journal_pending", Map.of())
                == 1);
    Scrape scrape = Scrape.of(plain, agent.adminPort());
    assertThat(scrape.value("gatehouse_agent_password_hash_wait_seconds_count", Map.of()))
        .isEqualTo(3);
    assertThat(scrape.value("gatehouse_agent_password_hash_duration_seconds_count", Map.of()))
        .isEqualTo(3);
    assertThat(
            scrape.value(
                "gatehouse_agent_game_server_requests_total",
                Map.of("command", "register", "outcome", "ok")))
        .isEqualTo(2);
    assertThat(
            scrape.value(
                "gatehouse_agent_game_server_requests_total",
                Map.of("command", "register", "outcome", "failed")))
        .isEqualTo(1);
    assertThat(
            scrape.value(
                "gatehouse_agent_game_server_duration_seconds_count",
                Map.of("command", "register")))
        .isEqualTo(3);
    assertThat(
            scrape.value(
                "gatehouse_agent_game_server_requests_total",
                Map.of("command", "delete", "outcome", "failed")))
        .isGreaterThanOrEqualTo(1);
    // Each registration took a connection of the main pool and gave it back (status reads and
    // health checks have the reads pool).
    assertThat(
            scrape.value(
                "gatehouse_agent_pool_completed_total",
                Map.of("pool_type", "sql", "pool_name", "main")))
        .isGreaterThanOrEqualTo(3);
    assertThat(
            scrape.value(
                "gatehouse_agent_pool_in_use", Map.of("pool_type", "sql", "pool_name", "main")))
        .isZero();
    assertThat(
            scrape.value(
                "gatehouse_agent_pool_waiting", Map.of("pool_type", "sql", "pool_name", "main")))
        .isZero();
    assertThat(scrape.series("gatehouse_agent_pool_in_use"))
        .anySatisfy(series -> assertThat(series).contains("pool_name=\"journal\""))
        .anySatisfy(series -> assertThat(series).contains("pool_name=\"reads\""));
  }

  @Test
  void everyDashboardExpressionNamesMetricsTheEdgeAndAgentExport() throws Exception {
    assertThat(register("dashboard", 700).statusCode()).isEqualTo(200);
    assertThat(result(client.get(edge.httpsPort(), "localhost", REGISTER).send()).statusCode())
        .isEqualTo(405);
    status();
    status();
    result(game.stop());
    assertThat(register("dashboard_down", 701).statusCode()).isEqualTo(503);
    streamConnectionToAnAgentThatDoesNotAnswer();
    Set<String> exported = new TreeSet<>();
    exported.addAll(Scrape.of(plain, edge.adminPort()).sampleNames());
    exported.addAll(Scrape.of(plain, agent.adminPort()).sampleNames());

    JsonObject dashboard = new JsonObject(Files.readString(DASHBOARD));
    List<String> expressions =
        dashboard.getJsonArray("panels").stream()
            .map(JsonObject.class::cast)
            .flatMap(panel -> panel.getJsonArray("targets").stream())
            .map(target -> ((JsonObject) target).getString("expr"))
            .toList();
    assertThat(expressions).hasSizeGreaterThanOrEqualTo(15);
    // Every stream meter the edge exports has a panel.
    assertThat(exported)
        .filteredOn(name -> name.startsWith("gatehouse_edge_stream_"))
        .contains(
            "gatehouse_edge_stream_opened_total",
            "gatehouse_edge_stream_closed_total",
            "gatehouse_edge_stream_bytes_total",
            "gatehouse_edge_stream_active")
        .allSatisfy(name -> assertThat(String.join("\n", expressions)).contains(name));
    for (String expression : expressions) {
      Matcher names = METRIC_NAME.matcher(expression);
      assertThat(names.find()).as(expression).isTrue();
      do {
        assertThat(exported).as(expression).contains(names.group());
      } while (names.find());
    }
  }

  @Test
  void aThousandRandomPathsAddNoSeries() {
    for (int i = 0; i < 10; i++) {
      get("/warmup/" + i);
    }
    int before = Scrape.of(plain, edge.adminPort()).series("gatehouse_").size();
    for (int i = 0; i < 1000; i++) {
      get("/" + UUID.randomUUID() + "/" + i + "?q=" + i);
    }
    Scrape after = Scrape.of(plain, edge.adminPort());

    assertThat(after.series("gatehouse_")).hasSize(before);
    assertThat(after.text()).doesNotContain("/warmup").doesNotContain("q=");
    assertThat(
            after.value(
                "gatehouse_edge_requests_total",
                Map.of("route", EdgeMetrics.NO_ROUTE, "status", "4xx")))
        .isEqualTo(1010);
  }

  private static double daysLeft(String pem) throws Exception {
    try (InputStream in = Files.newInputStream(Path.of(pem))) {
      X509Certificate cert =
          (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
      return (cert.getNotAfter().getTime() - System.currentTimeMillis()) / 86_400_000.0;
    }
  }

  /** Opens a connection to the stream port, whose agent port is closed: the edge closes it. */
  private void streamConnectionToAnAgentThatDoesNotAnswer() throws Exception {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), edge.streamPorts().get(0))) {
      socket.setSoTimeout(10_000);
      assertThat(socket.getInputStream().read()).isEqualTo(-1);
    }
    Await.eventually(
        Duration.ofSeconds(5),
        () ->
            Scrape.of(plain, edge.adminPort())
                .sampleNames()
                .contains("gatehouse_edge_stream_closed_total"));
  }

  private HttpResponse<Buffer> register(String login, long telegramId) {
    return result(
        client
            .post(edge.httpsPort(), "localhost", REGISTER)
            .sendJsonObject(Registrations.body(login, "password1", 0, telegramId)));
  }

  private HttpResponse<Buffer> status() {
    return result(client.get(edge.httpsPort(), "localhost", STATUS).send());
  }

  private void get(String path) {
    result(client.get(edge.httpsPort(), "localhost", path).send());
  }
}
