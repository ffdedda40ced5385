package dev.gatehouse.edge.admin.bot;

import static dev.gatehouse.shared.testing.Await.result;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.gatehouse.edge.Edge;
import dev.gatehouse.edge.testing.AdminApi;
import dev.gatehouse.shared.testing.TestYaml;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The bot against a local server speaking the Bot API's JSON and a real edge: allow-listed users
 * are answered, anyone else is not.
 */
@ExtendWith(VertxExtension.class)
class AdminBotTest {

  private static final String TOKEN = "654321:bot-token-never-logged";
  private static final long ALLOWED = 42;
  private static final long STRANGER = 99;

  @TempDir Path dir;
  private Edge edge;
  private HttpServer fake;
  private final Queue<JsonObject> pending = new ConcurrentLinkedQueue<>();
  private final Queue<JsonObject> sent = new ConcurrentLinkedQueue<>();
  private AdminBot bot;

  @BeforeEach
  void start(Vertx vertx) throws Exception {
    edge = AdminApi.startEdge(dir.resolve("state"), "", AdminApi.idleUpstream());
    fake =
        result(
            vertx
                .createHttpServer()
                .requestHandler(
                    request ->
                        request
                            .body()
                            .onSuccess(
                                body -> {
                                  JsonArray result = new JsonArray();
                                  if (request.path().equals("/bot" + TOKEN + "/getUpdates")) {
                                    long offset = body.toJsonObject().getLong("offset");
                                    pending.stream()
                                        .filter(u -> u.getLong("update_id") >= offset)
                                        .forEach(result::add);
                                  } else if (request
                                      .path()
                                      .equals("/bot" + TOKEN + "/sendMessage")) {
                                    sent.add(body.toJsonObject());
                                  } else {
                                    request.response().setStatusCode(404).end("{\"ok\":false}");
                                    return;
                                  }
                                  request
                                      .response()
                                      .putHeader("Content-Type", "application/json")
                                      .end(
                                          new JsonObject()
                                              .put("ok", true)
                                              .put("result", result)
                                              .encode());
                                }))
                .listen(0, "127.0.0.1"));
    Files.writeString(dir.resolve("password"), AdminApi.PASSWORD + "\n");
    BotConfig config =
        BotConfig.from(
            TestYaml.parse(
                """
                telegram:
                  api_url: http://127.0.0.1:%d
                  token: "%s"
                  allowed_users: [%d]
                  poll_timeout: 1s
                admin:
                  url: http://127.0.0.1:%d/admin
                  user: %s
                  password_file: %s
                """
                    .formatted(
                        fake.actualPort(),
                        TOKEN,
                        ALLOWED,
                        edge.adminPort(),
                        AdminApi.OPERATOR,
                        dir.resolve("password"))));
    bot = BotMain.create(config);
  }

  @AfterEach
  void stop() {
    edge.close();
  }

  private void message(long updateId, long from, String text) {
    pending.add(
        new JsonObject()
            .put("update_id", updateId)
            .put(
                "message",
                new JsonObject()
                    .put("message_id", updateId)
                    .put("from", new JsonObject().put("id", from).put("is_bot", false))
                    .put("chat", new JsonObject().put("id", from).put("type", "private"))
                    .put("text", text)));
  }

  @Test
  void answersAnAllowedUserAndIgnoresEveryoneElse() throws Exception {
    message(1, ALLOWED, "/status");
    message(2, STRANGER, "/bans");
    message(3, STRANGER, "/unban 203.0.113.9");
    message(4, ALLOWED, "/bans");

    assertThat(bot.pollOnce()).isEqualTo(4);

    List<JsonObject> replies = List.copyOf(sent);
    assertThat(replies).hasSize(2);
    assertThat(replies).allMatch(r -> r.getLong("chat_id") == ALLOWED);
    assertThat(replies.get(0).getString("text")).startsWith("Edge ").contains("Bans: 0");
    assertThat(replies.get(1).getString("text")).isEqualTo("No bans.");
  }

  @Test
  void anAllowedUserInAGroupIsNotAnsweredThereAndAStrayUpdateStopsNothing() throws Exception {
    pending.add(
        new JsonObject()
            .put("update_id", 1L)
            .put(
                "message",
                new JsonObject()
                    .put("message_id", 1)
                    .put("from", new JsonObject().put("id", ALLOWED).put("is_bot", false))
                    .put("chat", new JsonObject().put("id", -100200300L).put("type", "group"))
                    .put("text", "/status")));
    pending.add(
        new JsonObject()
            .put("update_id", 2L)
            .put("message", new JsonObject().put("from", "not an object").put("text", "/bans")));
    message(3, ALLOWED, "/bans");

    assertThat(bot.pollOnce()).isEqualTo(3);

    assertThat(sent).hasSize(1);
    assertThat(sent.peek().getLong("chat_id")).isEqualTo(ALLOWED);
    assertThat(sent.peek().getString("text")).isEqualTo("No bans.");
  }

  @Test
  void readUpdatesAreNotAnsweredTwice() throws Exception {
    message(1, ALLOWED, "/bans");
    bot.pollOnce();

    assertThat(bot.pollOnce()).isZero();
    assertThat(sent).hasSize(1);
  }

  @Test
  void operatorCommandsGoThroughTheApi() throws Exception {
    message(1, ALLOWED, "/unban 203.0.113.9");
    message(2, ALLOWED, "/reload");
    message(3, ALLOWED, "/whoami");

    bot.pollOnce();

    List<String> texts = sent.stream().map(r -> r.getString("text")).toList();
    assertThat(texts.get(0)).contains("not_found");
    assertThat(texts.get(1)).contains("reload_refused");
    assertThat(texts.get(2)).isEqualTo(BotCommands.HELP);
  }

  @Test
  void theBotTokenAndPasswordReachNoLogLine() throws Exception {
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    ListAppender<ILoggingEvent> captured = new ListAppender<>();
    captured.start();
    root.addAppender(captured);
    try {
      message(1, ALLOWED, "/status");
      message(2, STRANGER, "/status");
      bot.pollOnce();
    } finally {
      root.detachAppender(captured);
    }

    assertThat(captured.list).isNotEmpty();
    assertThat(captured.list)
        .noneMatch(e -> e.getFormattedMessage().contains(TOKEN))
        .noneMatch(e -> e.getFormattedMessage().contains(AdminApi.PASSWORD));
  }
}
