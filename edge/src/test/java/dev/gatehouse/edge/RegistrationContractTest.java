package dev.gatehouse.edge;

import static dev.gatehouse.shared.testing.Await.result;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.agent.Agent;
import dev.gatehouse.agent.game.mock.MockBehaviour;
import dev.gatehouse.agent.game.mock.MockGameServer;
import dev.gatehouse.agent.testing.FakeTelegram;
import dev.gatehouse.agent.testing.Registrations;
import dev.gatehouse.agent.testing.TestAgents;
import dev.gatehouse.agent.testing.TestPostgres;
import dev.gatehouse.edge.apikey.ApiKeys;
import dev.gatehouse.edge.testing.TestEdges;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.util.HexFormat;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code POST /api/register} as the website sees it: through the TLS edge with its API key, to the
 * agent, PostgreSQL, the mock game server and a Telegram fake. One test per rule and error code of
 * the public contract.
 */
@ExtendWith(VertxExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RegistrationContractTest {

  static final String KEY = "website-key-0123456789abcdefghijklmnopqrstuvwxyz";
  static final long MEMBER = 1000;

  private String db;
  private MockGameServer game;
  private FakeTelegram telegram;
  private Agent agent;
  private Edge edge;
  private WebClient client;

  @BeforeAll
  void start(Vertx vertx) throws Exception {
    db = TestPostgres.newDatabase();
    game = new MockGameServer(vertx, MockBehaviour.NORMAL);
    int gamePort = result(game.listen("127.0.0.1", 0));
    telegram = result(new FakeTelegram().start(vertx));
    for (long id = MEMBER; id < MEMBER + 100; id++) {
      telegram.status(id, "member");
    }
    agent = TestAgents.startRegistering(db, gamePort, telegram.yaml());
    String yaml =
        """
        bans: {enabled: false}
        api_keys:
          - {name: website, sha256: %s}
        upstreams:
          agent: {targets: ["127.0.0.1:%d"]}
        routes:
          - path: /api/register
            methods: [POST]
            upstream: agent
            api_key: required
            rate_limit: 1000/1m
            max_body: 16KiB
            content_types: [application/json]
        """
            .formatted(HexFormat.of().formatHex(ApiKeys.sha256(KEY)), agent.port());
    edge = TestEdges.start(yaml);
    client = TestEdges.client(vertx, HttpVersion.HTTP_1_1);
  }

  @AfterAll
  void stop() {
    edge.close();
    agent.close();
  }

  @Test
  void validRegistrationAnswers200AndTheAccountExistsInBothPlaces() {
    HttpResponse<Buffer> response = send(KEY, valid("Contract_ok", MEMBER));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.bodyAsJsonObject())
        .isEqualTo(new JsonObject().put("ok", true).put("message", "Registration successful."));
    assertThat(Registrations.logins(db)).contains("Contract_ok");
    assertThat(game.logins()).contains("Contract_ok");
  }

  @Test
  void missingKeyIs403() {
    assertError(send(null, valid("no_key", MEMBER + 1)), 403, "invalid_api_key");
  }

  @Test
  void wrongKeyIs403() {
    assertError(send(KEY + "x", valid("wrong_key", MEMBER + 1)), 403, "invalid_api_key");
  }

  @ParameterizedTest(name = "{0} = {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "login       | \"ab\"",
        "login       | \"abcdefghijklmnopq\"",
        "login       | \"bad-name\"",
        "login       | \"имя_игрока\"",
        "login       | 12345",
        "password    | \"short\"",
        "password    | \"twenty-one-characters\"",
        "password    | 123456",
        "gender      | 2",
        "gender      | -1",
        "gender      | \"0\"",
        "gender      | 0.5",
        "telegram_id | 0",
        "telegram_id | -5",
        "telegram_id | 1.5",
        "telegram_id | \"1000\"",
        "telegram_id | 18446744073709551616",
      })
  void invalidFieldIs400NamingTheField(String field, String json) {
    JsonObject body =
        valid("field_check", MEMBER + 2)
            .put(field, new JsonObject("{\"v\":" + json + "}").getValue("v"));

    HttpResponse<Buffer> response = send(KEY, body);

    assertError(response, 400, "validation_error");
    assertThat(response.bodyAsJsonObject().getJsonObject("fields").fieldNames())
        .containsExactly(field);
    assertThat(Registrations.logins(db)).doesNotContain("field_check");
  }

  @Test
  void unknownFieldIs400() {
    HttpResponse<Buffer> response =
        send(KEY, valid("extra_field", MEMBER + 2).put("email", "a@b.c"));

    assertError(response, 400, "validation_error");
    assertThat(response.bodyAsJsonObject().getJsonObject("fields").getString("email"))
        .isEqualTo("is not a known field");
  }

  @Test
  void everyMissingFieldIsNamed() {
    HttpResponse<Buffer> response = send(KEY, new JsonObject());

    assertError(response, 400, "validation_error");
    assertThat(response.bodyAsJsonObject().getJsonObject("fields").fieldNames())
        .isEqualTo(Set.of("login", "password", "gender", "telegram_id"));
  }

  @Test
  void bodyThatIsNotJsonIs400() {
    assertError(sendRaw(KEY, "application/json", "login=x&password=y"), 400, "validation_error");
  }

  @Test
  void bodyThatIsNotJsonTypedIs415() {
    assertError(
        sendRaw(KEY, "text/plain", valid("plain", MEMBER).encode()), 415, "unsupported_media_type");
  }

  @Test
  void bodyOver16KiBIs413() {
    String padding = "x".repeat(17 * 1024);
    assertError(
        sendRaw(KEY, "application/json", valid("big", MEMBER).put("pad", padding).encode()),
        413,
        "payload_too_large");
  }

  @Test
  void takenLoginIs409() {
    assertThat(send(KEY, valid("Taken_one", MEMBER + 3)).statusCode()).isEqualTo(200);

    assertError(send(KEY, valid("TAKEN_ONE", MEMBER + 4)), 409, "login_taken");
  }

  @Test
  void sixthAccountOfATelegramUserIs403() {
    for (int i = 0; i < 5; i++) {
      assertThat(send(KEY, valid("limit_" + i, MEMBER + 5)).statusCode()).isEqualTo(200);
    }

    assertError(send(KEY, valid("limit_5", MEMBER + 5)), 403, "limit_exceeded");
  }

  @Test
  void userOutsideTheTelegramGroupIs403() {
    assertError(send(KEY, valid("outsider", 42)), 403, "not_in_telegram_group");
  }

  @Test
  void gameServerFailureIs503() {
    game.behaviour(MockBehaviour.failing());
    try {
      assertError(send(KEY, valid("unlucky", MEMBER + 6)), 503, "game_server_unavailable");
    } finally {
      game.behaviour(MockBehaviour.NORMAL);
    }
    assertThat(Registrations.logins(db)).doesNotContain("unlucky");
  }

  private static JsonObject valid(String login, long telegramId) {
    return Registrations.body(login, "good-password", 0, telegramId);
  }

  private HttpResponse<Buffer> send(String key, JsonObject body) {
    return sendRaw(key, "application/json", body.encode());
  }

  private HttpResponse<Buffer> sendRaw(String key, String contentType, String body) {
    HttpRequest<Buffer> request =
        client
            .post(edge.httpsPort(), "localhost", "/api/register")
            .putHeader("Content-Type", contentType);
    if (key != null) {
      request.putHeader("X-API-Key", key);
    }
    return result(request.sendBuffer(Buffer.buffer(body)));
  }

  private static void assertError(HttpResponse<Buffer> response, int status, String code) {
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(status);
    JsonObject body = response.bodyAsJsonObject();
    assertThat(body.getBoolean("ok")).isFalse();
    assertThat(body.getString("error")).isEqualTo(code);
    assertThat(body.getString("message")).isNotBlank();
  }
}
