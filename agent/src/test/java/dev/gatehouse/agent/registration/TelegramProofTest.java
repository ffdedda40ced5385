package dev.gatehouse.agent.registration;

import static dev.gatehouse.agent.registration.RegistrationTest.assertError;
import static dev.gatehouse.shared.testing.Await.result;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.agent.Agent;
import dev.gatehouse.agent.game.mock.MockBehaviour;
import dev.gatehouse.agent.game.mock.MockGameServer;
import dev.gatehouse.agent.testing.FakeTelegram;
import dev.gatehouse.agent.testing.Registrations;
import dev.gatehouse.agent.testing.TelegramLogins;
import dev.gatehouse.agent.testing.TestAgents;
import dev.gatehouse.agent.testing.TestPostgres;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * With {@code require_proof}, only a Telegram Login Widget payload signed for the bot and at most
 * {@code proof_max_age} old proves who registers; a typed-in id proves nothing.
 */
@ExtendWith(VertxExtension.class)
class TelegramProofTest {

  static final long MEMBER = 501;

  private String db;
  private Agent agent;
  private WebClient client;

  @BeforeEach
  void start(Vertx vertx) throws Exception {
    db = TestPostgres.newDatabase();
    MockGameServer game = new MockGameServer(vertx, MockBehaviour.NORMAL);
    int gamePort = result(game.listen("127.0.0.1", 0));
    FakeTelegram telegram = result(new FakeTelegram().start(vertx));
    telegram.status(MEMBER, "member");
    telegram.status(MEMBER + 1, "member");
    agent =
        TestAgents.startRegistering(
            db, gamePort, telegram.yaml() + "  require_proof: true\n  proof_max_age: 1h\n");
    client = WebClient.create(vertx);
  }

  @AfterEach
  void stop() {
    agent.close();
  }

  @Test
  void validProofRegistersTheProvenUser() {
    HttpResponse<Buffer> response =
        register(withProof("Proven_1", TelegramLogins.signedNow(MEMBER, FakeTelegram.TOKEN)));

    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
    assertThat(TestPostgres.queryLong(db, "SELECT telegram_id FROM telegram_players"))
        .isEqualTo(MEMBER);
  }

  @Test
  void proofSignedWithAnotherBotsTokenIs403() {
    JsonObject forged = TelegramLogins.signedNow(MEMBER, "999999:another-bot-token");

    assertError(register(withProof("Forged_1", forged)), 403, "telegram_proof_invalid");
    assertThat(Registrations.logins(db)).isEmpty();
  }

  @Test
  void proofWhoseIdWasChangedAfterSigningIs403() {
    JsonObject altered = TelegramLogins.signedNow(MEMBER, FakeTelegram.TOKEN).put("id", MEMBER + 1);

    assertError(register(withProof("Altered_1", altered)), 403, "telegram_proof_invalid");
    assertThat(Registrations.logins(db)).isEmpty();
  }

  @Test
  void proofOlderThanItsMaximumAgeIs403() {
    long twoHoursAgo = System.currentTimeMillis() / 1000 - 7200;
    JsonObject stale = TelegramLogins.signed(MEMBER, twoHoursAgo, FakeTelegram.TOKEN);

    assertError(register(withProof("Stale_1", stale)), 403, "telegram_proof_invalid");
    assertThat(Registrations.logins(db)).isEmpty();
  }

  @Test
  void aTypedTelegramIdWithoutProofIs403() {
    assertError(
        register(Registrations.body("Typed_1", "proof-pw-1", 0, MEMBER)),
        403,
        "telegram_proof_invalid");
    assertThat(Registrations.logins(db)).isEmpty();
  }

  @Test
  void aTypedTelegramIdOfAnotherUserThanTheProofIs403() {
    JsonObject body =
        Registrations.body("Mixed_1", "proof-pw-1", 0, MEMBER + 1)
            .put("telegram_auth", TelegramLogins.signedNow(MEMBER, FakeTelegram.TOKEN));

    assertError(register(body), 403, "telegram_proof_invalid");
    assertThat(Registrations.logins(db)).isEmpty();
  }

  @Test
  void aProofSentToAnAgentWithoutABotTokenIs403(Vertx vertx) throws Exception {
    MockGameServer game = new MockGameServer(vertx, MockBehaviour.NORMAL);
    String plainDb = TestPostgres.newDatabase();
    try (Agent plain =
        TestAgents.startRegistering(plainDb, result(game.listen("127.0.0.1", 0)), "")) {
      // Without the token anyone can sign a payload, here with an empty one.
      JsonObject selfSigned = TelegramLogins.signedNow(MEMBER, "");

      HttpResponse<Buffer> response =
          result(Registrations.post(client, plain.port(), withProof("Self_1", selfSigned)));

      assertError(response, 403, "telegram_proof_invalid");
      assertThat(Registrations.logins(plainDb)).isEmpty();
    }
  }

  private static JsonObject withProof(String login, JsonObject proof) {
    return new JsonObject()
        .put("login", login)
        .put("password", "proof-pw-1")
        .put("gender", 0)
        .put("telegram_auth", proof);
  }

  private HttpResponse<Buffer> register(JsonObject body) {
    return result(Registrations.post(client, agent.port(), body));
  }
}
