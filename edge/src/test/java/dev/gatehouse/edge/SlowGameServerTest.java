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
import dev.gatehouse.shared.testing.TestYaml;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.HexFormat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The status route does not need the game server, so a slow or dead game server must not take it
 * off the air: the agent's {@code /health}, which the edge's health check asks every 200 ms with a
 * 500 ms timeout, answers at once from what it checked in the background.
 */
@ExtendWith(VertxExtension.class)
class SlowGameServerTest {

  static final String KEY = "website-key-0123456789abcdefghijklmnopqrstuvwxyz";

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
    TestAgents.seedConstants(db);
    String yaml =
        """
        listen: {host: 127.0.0.1, https_port: %d, http_port: -1}
        admin: {port: 0}
        bans: {enabled: false}
        tls: {cert: %s, key: %s}
        api_keys:
          - {name: website, sha256: %s}
        upstreams:
          agent:
            targets: ["127.0.0.1:%d"]
            health_check: {interval: 200ms, timeout: 500ms, unhealthy_threshold: 1}
        routes:
          - path: /api/server/status
            upstream: agent
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
                agent.port());
    edge = Edge.start(EdgeConfig.from(TestYaml.parse(yaml)));
    client = TestEdges.client(vertx, HttpVersion.HTTP_1_1);
  }

  @AfterEach
  void stop() {
    edge.close();
    agent.close();
  }

  @Test
  void gameServerAnsweringIn3sLeavesStatusUpAndRegistrationsSucceed() {
    game.behaviour(MockBehaviour.slow(Duration.ofSeconds(3)));

    Future<HttpResponse<Buffer>> registration = register("patient_1");
    assertStatusStaysUpFor(Duration.ofSeconds(4));

    assertThat(result(registration).statusCode()).isEqualTo(200);
    assertThat(Registrations.logins(db)).containsExactly("patient_1");
    assertThat(game.logins()).containsExactly("patient_1");
  }

  @Test
  void gameServerDownLeavesStatusUpAndRegistrationAnswers503() {
    result(game.stop());

    assertStatusStaysUpFor(Duration.ofSeconds(3));

    HttpResponse<Buffer> response = result(register("hopeful_1"));
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(503);
    assertThat(response.bodyAsJsonObject().getString("error")).isEqualTo("game_server_unavailable");
    assertThat(response.getHeader("Retry-After")).isNotBlank();
    assertThat(Registrations.logins(db)).isEmpty();
  }

  /** Polls the status route every 100 ms for {@code period}: every answer must be a fresh 200. */
  private void assertStatusStaysUpFor(Duration period) {
    long end = System.nanoTime() + period.toNanos();
    while (System.nanoTime() < end) {
      HttpResponse<Buffer> status =
          result(client.get(edge.httpsPort(), "localhost", "/api/server/status").send());
      assertThat(status.statusCode()).as(status.bodyAsString()).isEqualTo(200);
      assertThat(status.bodyAsJsonObject().getDouble("server_status")).isEqualTo(1.0);
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  private Future<HttpResponse<Buffer>> register(String login) {
    return client
        .post(edge.httpsPort(), "localhost", "/api/register")
        .putHeader("X-API-Key", KEY)
        .sendJsonObject(Registrations.body(login, "good-password", 0, 91));
  }
}
