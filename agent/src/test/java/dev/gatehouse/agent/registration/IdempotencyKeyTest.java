package dev.gatehouse.agent.registration;

import static dev.gatehouse.agent.registration.RegistrationTest.assertError;
import static dev.gatehouse.agent.registration.RegistrationTest.eventually;
import static dev.gatehouse.agent.testing.Registrations.body;
import static dev.gatehouse.shared.testing.Await.result;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.agent.Agent;
import dev.gatehouse.agent.game.mock.MockBehaviour;
import dev.gatehouse.agent.game.mock.MockGameServer;
import dev.gatehouse.agent.testing.Registrations;
import dev.gatehouse.agent.testing.TestAgents;
import dev.gatehouse.agent.testing.TestPostgres;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code Idempotency-Key} on registration: replay, mismatch, in flight, restart, retryable, sweep.
 */
@ExtendWith(VertxExtension.class)
class IdempotencyKeyTest {

  static final String KEY = "0b6e4e3c-5d1f-4a5e-9a51-6f1c2d3e4f50";

  private String db;
  private MockGameServer game;
  private int gamePort;
  private Agent agent;
  private WebClient client;

  @BeforeEach
  void start(Vertx vertx) throws Exception {
    db = TestPostgres.newDatabase();
    game = new MockGameServer(vertx, MockBehaviour.NORMAL);
    gamePort = result(game.listen("127.0.0.1", 0));
    agent = TestAgents.startRegistering(db, gamePort, "");
    client = WebClient.create(vertx);
  }

  @AfterEach
  void stop() {
    agent.close();
  }

  @Test
  void sameKeyAndBodyReplaysTheFirstAnswerAndRegistersOnce() {
    HttpResponse<Buffer> first = send(KEY, body("Once_1", "pw-once-1", 0, 1));

    HttpResponse<Buffer> again = send(KEY, body("Once_1", "pw-once-1", 0, 1));

    assertThat(first.statusCode()).isEqualTo(200);
    assertThat(first.getHeader("Idempotent-Replayed")).isNull();
    assertThat(again.statusCode()).isEqualTo(200);
    assertThat(again.getHeader("Idempotent-Replayed")).isEqualTo("true");
    assertThat(again.bodyAsJsonObject()).isEqualTo(first.bodyAsJsonObject());
    assertThat(TestPostgres.queryLong(db, "SELECT count(*) FROM players")).isEqualTo(1);
    assertThat(game.logins()).containsExactly("Once_1");
  }

  @Test
  void aRefusalIsReplayedToo() {
    game.createInGame("Elder", "in-game-pw", 0);
    assertError(send(KEY, body("elder", "pw-once-1", 0, 2)), 409, "login_taken");

    HttpResponse<Buffer> again = send(KEY, body("elder", "pw-once-1", 0, 2));

    assertError(again, 409, "login_taken");
    assertThat(again.getHeader("Idempotent-Replayed")).isEqualTo("true");
  }

  @Test
  void sameKeyWithAnotherBodyIs422() {
    assertThat(send(KEY, body("First_1", "pw-once-1", 0, 3)).statusCode()).isEqualTo(200);

    assertError(send(KEY, body("Second_1", "pw-once-1", 0, 3)), 422, "idempotency_key_mismatch");
    assertThat(Registrations.logins(db)).containsExactly("First_1");
  }

  @Test
  void sameKeyWithAnotherPasswordIs422NotTheFirstAnswer() {
    assertThat(send(KEY, body("Pass_1", "pw-once-1", 0, 5)).statusCode()).isEqualTo(200);

    assertError(send(KEY, body("Pass_1", "pw-other-2", 0, 5)), 422, "idempotency_key_mismatch");
    assertError(send(KEY, body("Pass_1", "x", 0, 5)), 422, "idempotency_key_mismatch");
    HttpResponse<Buffer> same = send(KEY, body("Pass_1", "pw-once-1", 0, 5));
    assertThat(same.statusCode()).isEqualTo(200);
    assertThat(same.getHeader("Idempotent-Replayed")).isEqualTo("true");
  }

  @Test
  void sameKeyWhileTheFirstRunsIs409() throws Exception {
    game.behaviour(MockBehaviour.slow(Duration.ofMillis(700)));
    Future<HttpResponse<Buffer>> first = post(KEY, body("Busy_1", "pw-once-1", 0, 4));
    eventually(() -> TestPostgres.queryLong(db, "SELECT count(*) FROM idempotency_keys") == 1);

    assertError(send(KEY, body("Busy_1", "pw-once-1", 0, 4)), 409, "request_in_progress");

    assertThat(result(first).statusCode()).isEqualTo(200);
    assertThat(send(KEY, body("Busy_1", "pw-once-1", 0, 4)).getHeader("Idempotent-Replayed"))
        .isEqualTo("true");
  }

  @Test
  void answerIsReplayedAfterTheAgentRestarts() throws Exception {
    assertThat(send(KEY, body("Durable_1", "pw-once-1", 1, 5)).statusCode()).isEqualTo(200);
    agent.close();
    agent = TestAgents.startRegistering(db, gamePort, "");

    HttpResponse<Buffer> again = send(KEY, body("Durable_1", "pw-once-1", 1, 5));

    assertThat(again.statusCode()).isEqualTo(200);
    assertThat(again.getHeader("Idempotent-Replayed")).isEqualTo("true");
    assertThat(TestPostgres.queryLong(db, "SELECT count(*) FROM players")).isEqualTo(1);
  }

  @Test
  void aTryAgainAnswerIsNotKeptSoTheRetryRuns() {
    game.behaviour(MockBehaviour.failing());
    assertError(send(KEY, body("Retry_1", "pw-once-1", 0, 6)), 503, "game_server_unavailable");
    game.behaviour(MockBehaviour.NORMAL);

    HttpResponse<Buffer> retry = send(KEY, body("Retry_1", "pw-once-1", 0, 6));

    assertThat(retry.statusCode()).isEqualTo(200);
    assertThat(retry.getHeader("Idempotent-Replayed")).isNull();
    assertThat(game.logins()).containsExactly("Retry_1");
  }

  @Test
  void aKeyThatIsNotVisibleAsciiIs400() {
    HttpResponse<Buffer> response = send("has space", body("Spaced_1", "pw-once-1", 0, 7));

    assertError(response, 400, "validation_error");
    assertThat(response.bodyAsJsonObject().getJsonObject("fields").getString("Idempotency-Key"))
        .isNotBlank();
    assertThat(Registrations.logins(db)).isEmpty();
  }

  @Test
  void keysOlderThanTheirTimeAreSwept() throws Exception {
    agent.close();
    agent = TestAgents.startRegistering(db, gamePort, "idempotency_ttl: 1s\n");
    assertThat(send(KEY, body("Swept_1", "pw-once-1", 0, 8)).statusCode()).isEqualTo(200);

    eventually(() -> TestPostgres.queryLong(db, "SELECT count(*) FROM idempotency_keys") == 0);
  }

  private HttpResponse<Buffer> send(String key, JsonObject body) {
    return result(post(key, body));
  }

  private Future<HttpResponse<Buffer>> post(String key, JsonObject body) {
    return client
        .post(agent.port(), "127.0.0.1", "/api/register")
        .putHeader("Idempotency-Key", key)
        .sendJsonObject(body);
  }
}
