package dev.gatehouse.agent.registration;

import static dev.gatehouse.agent.testing.Registrations.body;
import static dev.gatehouse.shared.testing.Await.result;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.gatehouse.agent.Agent;
import dev.gatehouse.agent.game.mock.MockBehaviour;
import dev.gatehouse.agent.game.mock.MockGameServer;
import dev.gatehouse.agent.testing.FakeTelegram;
import dev.gatehouse.agent.testing.Registrations;
import dev.gatehouse.agent.testing.TestAgents;
import dev.gatehouse.agent.testing.TestPostgres;
import dev.gatehouse.shared.testing.Await;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;

/**
 * Registration against real PostgreSQL, the mock game server over TCP and a local Telegram Bot API
 * fake: what a 200 leaves behind, what every refusal leaves behind (nothing), and recovery.
 */
@ExtendWith(VertxExtension.class)
class RegistrationTest {

  static final String PASSWORD = "Pa55-w0rd!";

  private String db;
  private MockGameServer game;
  private int gamePort;
  private FakeTelegram telegram;
  private Agent agent;
  private WebClient client;

  @BeforeEach
  void start(Vertx vertx) throws Exception {
    db = TestPostgres.newDatabase();
    game = new MockGameServer(vertx, MockBehaviour.NORMAL);
    gamePort = result(game.listen("127.0.0.1", 0));
    telegram = result(new FakeTelegram().start(vertx));
    for (long id = 1; id <= 50; id++) {
      telegram.status(id, "member");
    }
    agent = TestAgents.startRegistering(db, gamePort, telegram.yaml());
    client = WebClient.create(vertx);
  }

  @AfterEach
  void stop() {
    agent.close();
  }

  @Test
  void registrationCommitsPlayerAndCreatesGameAccount() {
    HttpResponse<Buffer> response = register("Hero_1", PASSWORD, 1, 7);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.bodyAsJsonObject().getBoolean("ok")).isTrue();
    assertThat(Registrations.logins(db)).containsExactly("Hero_1");
    assertThat(TestPostgres.queryLong(db, "SELECT telegram_id FROM telegram_players")).isEqualTo(7);
    assertThat(TestPostgres.queryLong(db, "SELECT gender FROM players")).isEqualTo(1);
    String hash = TestPostgres.queryStrings(db, "SELECT password_hash FROM players").get(0);
    assertThat(hash).startsWith("$argon2id$v=19$m=19456,t=2,p=1$");
    assertThat(PasswordHasher.matches(PASSWORD, hash)).isTrue();
    assertThat(PasswordHasher.matches("other-password", hash)).isFalse();
    assertThat(game.logins()).containsExactly("Hero_1");
    assertThat(game.account("Hero_1").gender()).isEqualTo(1);
    assertThat(Registrations.pending(db)).isZero();
  }

  @Test
  void takenLoginAnswers409WhateverItsCase() {
    assertThat(register("Hero_1", PASSWORD, 0, 1).statusCode()).isEqualTo(200);

    HttpResponse<Buffer> again = register("hero_1", PASSWORD, 0, 2);

    assertError(again, 409, "login_taken");
    assertThat(Registrations.logins(db)).containsExactly("Hero_1");
    assertThat(game.logins()).containsExactly("Hero_1");
  }

  @Test
  void loginThatExistsOnlyOnTheGameServerAnswers409AndIsLeftAsItWas() {
    game.createInGame("Elder", "in-game-pw", 1);
    MockGameServer.Account before = game.account("Elder");

    assertError(register("elder", PASSWORD, 0, 17), 409, "login_taken");

    assertThat(Registrations.logins(db)).isEmpty();
    eventually(() -> Registrations.pending(db) == 0);
    assertThat(game.account("Elder")).isEqualTo(before);
  }

  @Test
  void loginThatExistsOnlyOnTheGameServerSurvivesEveryFailurePath() throws Exception {
    game.createInGame("Elder", "in-game-pw", 1);
    MockGameServer.Account before = game.account("Elder");
    List<MockBehaviour> failures =
        List.of(
            MockBehaviour.slow(Duration.ofMillis(1500)),
            MockBehaviour.dropping(),
            MockBehaviour.failing());

    for (MockBehaviour failure : failures) {
      game.behaviour(failure);
      assertError(register("ELDER", PASSWORD, 0, 18), 503, "game_server_unavailable");
      game.behaviour(MockBehaviour.NORMAL);
      eventually(() -> Registrations.pending(db) == 0);
    }
    Thread.sleep(1500); // a sweep more, which must find nothing to do

    assertThat(Registrations.logins(db)).isEmpty();
    assertThat(game.account("Elder")).isEqualTo(before);
    assertThat(game.logins()).containsExactly("Elder");
  }

  @Test
  void sixthAccountOfOneTelegramUserAnswers403() {
    for (int i = 1; i <= 5; i++) {
      assertThat(register("alt_" + i, PASSWORD, 0, 3).statusCode()).isEqualTo(200);
    }

    assertError(register("alt_6", PASSWORD, 0, 3), 403, "limit_exceeded");
    assertThat(Registrations.logins(db)).hasSize(5).doesNotContain("alt_6");
    assertThat(game.logins()).doesNotContain("alt_6");
  }

  @Test
  void twentyConcurrentRegistrationsOfOneTelegramUserMakeExactlyFive() {
    List<Future<HttpResponse<Buffer>>> sent = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      sent.add(Registrations.post(client, agent.port(), body("racer_" + i, PASSWORD, 0, 4)));
    }
    List<Integer> statuses = statuses(sent);

    assertThat(statuses).filteredOn(s -> s == 200).hasSize(5);
    assertThat(statuses).filteredOn(s -> s == 403).hasSize(15);
    assertThat(
            TestPostgres.queryLong(
                db, "SELECT count(*) FROM telegram_players WHERE telegram_id = 4"))
        .isEqualTo(5);
    assertThat(Registrations.logins(db)).hasSize(5);
    assertThat(game.logins()).isEqualTo(Registrations.logins(db));
  }

  @Test
  void twentyConcurrentRegistrationsOfOneLoginMakeExactlyOne() {
    List<Future<HttpResponse<Buffer>>> sent = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      String login = i % 2 == 0 ? "Popular" : "popular";
      sent.add(Registrations.post(client, agent.port(), body(login, PASSWORD, 0, 10 + i)));
    }
    List<Integer> statuses = statuses(sent);

    assertThat(statuses).filteredOn(s -> s == 200).hasSize(1);
    assertThat(statuses).filteredOn(s -> s == 409).hasSize(19);
    assertThat(TestPostgres.queryLong(db, "SELECT count(*) FROM players")).isEqualTo(1);
    assertThat(TestPostgres.queryLong(db, "SELECT count(*) FROM telegram_players")).isEqualTo(1);
    assertThat(game.logins()).isEqualTo(Registrations.logins(db));
  }

  @Test
  void gameServerDownAnswers503AndRecoversWhenItReturns(Vertx vertx) {
    result(game.stop());

    assertError(register("early", PASSWORD, 0, 5), 503, "game_server_unavailable");
    assertThat(Registrations.logins(db)).isEmpty();

    MockGameServer restarted = new MockGameServer(vertx, MockBehaviour.NORMAL);
    result(restarted.listen("127.0.0.1", gamePort));
    eventually(() -> register("later", PASSWORD, 0, 5).statusCode() == 200);

    assertThat(Registrations.logins(db)).containsExactly("later");
    assertThat(restarted.logins()).containsExactly("later");
    eventually(() -> Registrations.pending(db) == 0);
  }

  @Test
  void slowGameServerAnswers503AndKeepsNoAccount() {
    game.behaviour(MockBehaviour.slow(Duration.ofMillis(1500)));

    assertError(register("patient", PASSWORD, 0, 6), 503, "game_server_unavailable");

    assertThat(Registrations.logins(db)).isEmpty();
    // The late register lands on the mock, then the compensating delete sent after it.
    eventually(() -> game.logins().isEmpty());
    game.behaviour(MockBehaviour.NORMAL);
    eventually(() -> Registrations.pending(db) == 0);
    assertThat(register("patient", PASSWORD, 0, 6).statusCode()).isEqualTo(200);
    assertThat(game.logins()).containsExactly("patient");
  }

  @Test
  void droppedConnectionAnswers503AndKeepsNoAccount() {
    game.behaviour(MockBehaviour.dropping());

    assertError(register("dropped", PASSWORD, 0, 8), 503, "game_server_unavailable");

    assertThat(Registrations.logins(db)).isEmpty();
    eventually(() -> game.logins().isEmpty());
    game.behaviour(MockBehaviour.NORMAL);
    eventually(() -> Registrations.pending(db) == 0);
    assertThat(register("dropped", PASSWORD, 0, 8).statusCode()).isEqualTo(200);
    assertThat(game.logins()).containsExactly("dropped");
  }

  @Test
  void failingGameServerAnswers503() {
    game.behaviour(MockBehaviour.failing());

    assertError(register("refused", PASSWORD, 0, 9), 503, "game_server_unavailable");

    assertThat(Registrations.logins(db)).isEmpty();
    assertThat(game.logins()).isEmpty();
  }

  @Test
  void onlyMembersAdministratorsAndCreatorOfTheGroupMayRegister() {
    telegram.status(101, "administrator");
    telegram.status(102, "creator");
    telegram.status(103, "left");
    telegram.status(104, "kicked");
    telegram.status(105, "restricted");

    assertThat(register("admin_1", PASSWORD, 0, 101).statusCode()).isEqualTo(200);
    assertThat(register("creator_1", PASSWORD, 0, 102).statusCode()).isEqualTo(200);
    assertError(register("left_1", PASSWORD, 0, 103), 403, "not_in_telegram_group");
    assertError(register("kicked_1", PASSWORD, 0, 104), 403, "not_in_telegram_group");
    assertError(register("restricted_1", PASSWORD, 0, 105), 403, "not_in_telegram_group");
    assertError(register("stranger", PASSWORD, 0, 999), 403, "not_in_telegram_group");
    assertThat(Registrations.logins(db)).containsExactlyInAnyOrder("admin_1", "creator_1");
  }

  @Test
  void telegramFailingAnswers503NeverAPass() {
    telegram.failing(true);

    assertError(register("hopeful", PASSWORD, 0, 11), 503, "telegram_unavailable");

    result(telegram.stop());
    assertError(register("hopeful", PASSWORD, 0, 12), 503, "telegram_unavailable");
    assertThat(Registrations.logins(db)).isEmpty();
    assertThat(game.logins()).isEmpty();
  }

  @Test
  void aTelegramApiThatHangsAnswers503AndItsBotTokenIsInNoLogLine() {
    Logger logger = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    ListAppender<ILoggingEvent> logs = new ListAppender<>();
    logs.start();
    logger.addAppender(logs);
    telegram.silent(true);
    try {
      assertError(register("patient", PASSWORD, 0, 17), 503, "telegram_unavailable");
    } finally {
      logger.detachAppender(logs);
    }

    assertThat(logs.list).anySatisfy(e -> assertThat(e.getFormattedMessage()).contains("Telegram"));
    assertThat(logs.list)
        .allSatisfy(e -> assertThat(e.getFormattedMessage()).doesNotContain(FakeTelegram.TOKEN));
    assertThat(Registrations.logins(db)).isEmpty();
  }

  @Test
  void telegramAnswerIsReusedBriefly() {
    register("first_1", PASSWORD, 0, 13);
    register("second_1", PASSWORD, 0, 13);

    assertThat(telegram.calls()).isEqualTo(1);
  }

  @Test
  void passwordIsInNoLogLineAndNoColumn() {
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    Level before = root.getLevel();
    ListAppender<ILoggingEvent> logs = new ListAppender<>();
    logs.start();
    root.addAppender(logs);
    root.setLevel(Level.ALL);
    String secret = "Zq8-unique-secret";
    try {
      register("secretive", secret, 0, 14);
      register("secretive", secret, 0, 15); // 409
      register("bad login!", secret, 0, 15); // 400
      game.behaviour(MockBehaviour.dropping());
      register("dropper", secret, 0, 16); // 503, compensated
      game.behaviour(MockBehaviour.NORMAL);
      eventually(() -> Registrations.pending(db) == 0);
    } finally {
      root.detachAppender(logs);
      root.setLevel(before);
    }

    assertThat(logs.list).isNotEmpty();
    for (ILoggingEvent event : logs.list) {
      assertThat(event.getFormattedMessage()).doesNotContain(secret);
      if (event.getThrowableProxy() != null) {
        assertThat(event.getThrowableProxy().getMessage()).doesNotContain(secret);
      }
    }
    assertThat(Registrations.everyRowAsText(db)).contains("secretive").doesNotContain(secret);
  }

  @Test
  void onlyPostRegisters() {
    HttpResponse<Buffer> response =
        result(client.get(agent.port(), "127.0.0.1", "/api/register").send());

    assertError(response, 405, "method_not_allowed");
  }

  @Test
  void healthReportsTheGameServer() {
    JsonObject up =
        result(client.get(agent.port(), "127.0.0.1", "/health").send()).bodyAsJsonObject();
    assertThat(up.getString("game_server")).isEqualTo("up");

    result(game.stop());
    // Checked in the background: the next check, within a few seconds, finds it down.
    eventually(
        () ->
            "down"
                .equals(
                    result(client.get(agent.port(), "127.0.0.1", "/health").send())
                        .bodyAsJsonObject()
                        .getString("game_server")));
    HttpResponse<Buffer> down = result(client.get(agent.port(), "127.0.0.1", "/health").send());
    assertThat(down.statusCode()).isEqualTo(200);
    assertThat(down.bodyAsJsonObject().getString("game_server")).isEqualTo("down");
    assertThat(down.bodyAsJsonObject().getString("database")).isEqualTo("up");
  }

  private HttpResponse<Buffer> register(
      String login, String password, int gender, long telegramId) {
    return result(
        Registrations.post(client, agent.port(), body(login, password, gender, telegramId)));
  }

  private static List<Integer> statuses(List<Future<HttpResponse<Buffer>>> sent) {
    return sent.stream().map(f -> result(f).statusCode()).toList();
  }

  static void assertError(HttpResponse<Buffer> response, int status, String code) {
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(status);
    JsonObject body = response.bodyAsJsonObject();
    assertThat(body.getBoolean("ok")).isFalse();
    assertThat(body.getString("error")).isEqualTo(code);
    assertThat(body.getString("message")).isNotBlank();
  }

  /** Polls {@code condition} for up to ten seconds. */
  static void eventually(BooleanSupplier condition) {
    eventually(Duration.ofSeconds(10), condition);
  }

  static void eventually(Duration limit, BooleanSupplier condition) {
    Await.eventually(limit, condition);
  }
}
