package dev.gatehouse.edge;

import static dev.gatehouse.shared.testing.Await.result;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.agent.Agent;
import dev.gatehouse.agent.game.mock.MockBehaviour;
import dev.gatehouse.agent.game.mock.MockGameServer;
import dev.gatehouse.agent.testing.Registrations;
import dev.gatehouse.agent.testing.TestAgents;
import dev.gatehouse.agent.testing.TestPostgres;
import dev.gatehouse.edge.apikey.ApiKeys;
import dev.gatehouse.edge.config.EdgeConfig;
import dev.gatehouse.edge.testing.TestEdges;
import dev.gatehouse.shared.http.GatehouseHeaders;
import dev.gatehouse.shared.testing.Await;
import dev.gatehouse.shared.testing.TestYaml;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The edge waits 3 s for the agent; the agent would wait 5 s for the game server. A registration
 * slowed past the edge's patience, by the game server or by the agent's own database, must be
 * answered before the edge gives up, and must never be committed after a client was told it failed.
 */
@ExtendWith(VertxExtension.class)
class RegistrationDeadlineTest {

  static final String KEY = "website-key-0123456789abcdefghijklmnopqrstuvwxyz";
  static final Duration EDGE_TIMEOUT = Duration.ofSeconds(3);

  private String db;
  private MockGameServer game;
  private Agent agent;
  private Edge edge;
  private WebClient client;

  @BeforeEach
  void start(Vertx vertx) throws Exception {
    db = TestPostgres.newDatabase();
    game = new MockGameServer(vertx, MockBehaviour.NORMAL);
    int gamePort = result(game.listen("127.0.0.1", 0));
    agent = TestAgents.start(TestAgents.registeringYaml(db, 0, gamePort, "5s", "", ""));
    String yaml =
        """
        listen: {host: 127.0.0.1, https_port: %d, http_port: -1}
        admin: {port: 0}
        bans: {enabled: false}
        tls: {cert: %s, key: %s}
        api_keys:
          - {name: website, sha256: %s}
        upstreams:
          agent: {targets: ["127.0.0.1:%d"], response_timeout: %dms}
        routes:
          - path: /api/register
            methods: [POST]
            upstream: agent
            api_key: required
            content_types: [application/json]
        """
            .formatted(
                TestEdges.freePort(),
                TestEdges.CERTIFICATE.certificatePath(),
                TestEdges.CERTIFICATE.privateKeyPath(),
                HexFormat.of().formatHex(ApiKeys.sha256(KEY)),
                agent.port(),
                EDGE_TIMEOUT.toMillis());
    edge = Edge.start(EdgeConfig.from(TestYaml.parse(yaml)));
    client = TestEdges.client(vertx, HttpVersion.HTTP_1_1);
    // The TLS handshake and the first password hash happen before any time is measured.
    game.behaviour(MockBehaviour.failing());
    register("warm_up");
    game.behaviour(MockBehaviour.NORMAL);
  }

  @AfterEach
  void stop() {
    edge.close();
    agent.close();
  }

  @Test
  void slowGameServerIsAnswered503BeforeTheEdgeGivesUpAndNothingIsCommittedLater() {
    game.behaviour(MockBehaviour.slow(Duration.ofMillis(3500)));

    long sent = System.nanoTime();
    HttpResponse<Buffer> response = register("slow_game");

    assertAnsweredInTimeWith503(response, sent, "game_server_unavailable");
    settle();
    assertThat(Registrations.logins(db)).isEmpty();
    assertThat(game.logins()).isEmpty();
  }

  @Test
  void slowDatabaseLeavesNoTimeForTheGameServerAndNothingIsCommittedLater() {
    game.behaviour(MockBehaviour.slow(Duration.ofMillis(2500)));
    CompletableFuture<Void> lockHeld =
        CompletableFuture.runAsync(
            () ->
                TestPostgres.execute(
                    db,
                    "BEGIN",
                    "LOCK TABLE players IN ACCESS EXCLUSIVE MODE",
                    "SELECT pg_sleep(1.5)",
                    "COMMIT"));
    sleep(300);

    long sent = System.nanoTime();
    HttpResponse<Buffer> response = register("slow_db");

    assertAnsweredInTimeWith503(response, sent, "game_server_unavailable");
    lockHeld.join();
    settle();
    assertThat(Registrations.logins(db)).isEmpty();
    assertThat(game.logins()).isEmpty();
  }

  @Test
  void anAgentWhoseClockIsBehindTheEdgesStillAnswersBeforeTheEdgeGivesUp(Vertx vertx) {
    game.behaviour(MockBehaviour.slow(Duration.ofMillis(3500)));
    // What an edge whose clock is 4 s ahead of the agent's sends: its deadline, read on the
    // agent's clock, is 4 s later than the moment the edge gives up.
    long edgeClock = System.currentTimeMillis() + 4000;

    long sent = System.nanoTime();
    HttpResponse<Buffer> response =
        result(
            WebClient.create(vertx)
                .post(agent.port(), "127.0.0.1", "/api/register")
                .putHeader(
                    GatehouseHeaders.DEADLINE, String.valueOf(edgeClock + EDGE_TIMEOUT.toMillis()))
                .putHeader(GatehouseHeaders.TIMEOUT, String.valueOf(EDGE_TIMEOUT.toMillis()))
                .timeout(EDGE_TIMEOUT.toMillis())
                .sendJsonObject(Registrations.body("skewed", "good-password", 0, 77)));

    assertAnsweredInTimeWith503(response, sent, "game_server_unavailable");
    settle();
    assertThat(Registrations.logins(db)).isEmpty();
    assertThat(game.logins()).isEmpty();
  }

  @Test
  void theAgentCountsTheEdgesWaitFromTheRequestsArrivalNotFromTheEndOfASlowBody(Vertx vertx)
      throws Exception {
    game.behaviour(MockBehaviour.slow(Duration.ofMillis(2500)));
    Buffer body = Registrations.body("slow_body", "good-password", 0, 77).toBuffer();
    HttpClient http = vertx.createHttpClient();

    long sent = System.nanoTime();
    // The headers at once, the body 1.5 s later, as a client on a poor link sends it through the
    // edge, whose wait began with the headers.
    Future<io.vertx.core.http.HttpClientResponse> answer =
        http.request(HttpMethod.POST, agent.port(), "127.0.0.1", "/api/register")
            .compose(
                request -> {
                  request
                      .putHeader("Content-Type", "application/json")
                      .putHeader("Content-Length", String.valueOf(body.length()))
                      .putHeader(GatehouseHeaders.TIMEOUT, String.valueOf(EDGE_TIMEOUT.toMillis()))
                      .idleTimeout(EDGE_TIMEOUT.toMillis());
                  request.sendHead();
                  vertx.setTimer(1500, id -> request.end(body));
                  return request.response();
                });
    io.vertx.core.http.HttpClientResponse response = result(answer);
    long tookMillis = (System.nanoTime() - sent) / 1_000_000;

    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(tookMillis).isLessThan(EDGE_TIMEOUT.toMillis());
    settle();
    assertThat(Registrations.logins(db)).isEmpty();
    assertThat(game.logins()).isEmpty();
  }

  private HttpResponse<Buffer> register(String login) {
    return result(
        client
            .post(edge.httpsPort(), "localhost", "/api/register")
            .putHeader("X-API-Key", KEY)
            .sendJsonObject(Registrations.body(login, "good-password", 0, 77)));
  }

  private static void assertAnsweredInTimeWith503(
      HttpResponse<Buffer> response, long sentNanos, String code) {
    long tookMillis = (System.nanoTime() - sentNanos) / 1_000_000;
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(503);
    assertThat(response.bodyAsJsonObject().getString("error")).isEqualTo(code);
    assertThat(response.getHeader("Retry-After")).matches("[1-9][0-9]*");
    assertThat(tookMillis).isLessThan(EDGE_TIMEOUT.toMillis());
  }

  /**
   * Waits until the late game answers and the undo behind them have run, and the journal is empty.
   */
  private void settle() {
    game.behaviour(MockBehaviour.NORMAL);
    sleep(6000); // the slow register, then its delete, each answered late on one connection
    eventually(() -> Registrations.pending(db) == 0);
  }

  private static void eventually(BooleanSupplier condition) {
    Await.eventually(Duration.ofSeconds(20), condition);
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
