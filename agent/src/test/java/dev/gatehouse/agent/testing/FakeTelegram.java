package dev.gatehouse.agent.testing;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local stand-in for the Telegram Bot API's {@code getChatMember}, answering with the JSON
 * Telegram sends: a user's membership status, or 400 "user not found" for users it never saw. It
 * can also be made to fail with a server error.
 */
public final class FakeTelegram {

  public static final String TOKEN = "123456:test-bot-token";
  public static final String CHAT = "-1001234567890";

  private final Map<Long, String> statuses = new ConcurrentHashMap<>();
  private final AtomicInteger calls = new AtomicInteger();
  private volatile boolean failing;
  private volatile boolean silent;
  private HttpServer server;

  public Future<FakeTelegram> start(Vertx vertx) {
    return vertx
        .createHttpServer()
        .requestHandler(this::answer)
        .listen(0, "127.0.0.1")
        .map(
            listening -> {
              server = listening;
              return this;
            });
  }

  /** The {@code registration.telegram} YAML that points the agent here. */
  public String yaml() {
    return """
        telegram:
          enabled: true
          bot_token: "%s"
          chat_id: "%s"
          api_url: http://127.0.0.1:%d
          cache_ttl: 1s
          timeout: 1s
        """
        .formatted(TOKEN, CHAT, server.actualPort());
  }

  public void status(long userId, String status) {
    statuses.put(userId, status);
  }

  public void failing(boolean failing) {
    this.failing = failing;
  }

  /** Takes requests and never answers them, as an API that hangs. */
  public void silent(boolean silent) {
    this.silent = silent;
  }

  public int calls() {
    return calls.get();
  }

  public Future<Void> stop() {
    return server.close();
  }

  private void answer(HttpServerRequest request) {
    calls.incrementAndGet();
    if (silent) {
      return;
    }
    if (failing) {
      reply(
          request,
          502,
          new JsonObject()
              .put("ok", false)
              .put("error_code", 502)
              .put("description", "Bad Gateway"));
      return;
    }
    boolean rightPath = request.path().equals("/bot" + TOKEN + "/getChatMember");
    boolean rightChat = CHAT.equals(request.getParam("chat_id"));
    if (!rightPath) {
      reply(
          request,
          401,
          new JsonObject()
              .put("ok", false)
              .put("error_code", 401)
              .put("description", "Unauthorized"));
      return;
    }
    if (!rightChat) {
      reply(request, 400, error400("Bad Request: chat not found"));
      return;
    }
    long userId = Long.parseLong(request.getParam("user_id"));
    String status = statuses.get(userId);
    if (status == null) {
      reply(request, 400, error400("Bad Request: user not found"));
      return;
    }
    reply(
        request,
        200,
        new JsonObject()
            .put("ok", true)
            .put(
                "result",
                new JsonObject()
                    .put("status", status)
                    .put(
                        "user",
                        new JsonObject()
                            .put("id", userId)
                            .put("is_bot", false)
                            .put("first_name", "Test"))));
  }

  private static JsonObject error400(String description) {
    return new JsonObject().put("ok", false).put("error_code", 400).put("description", description);
  }

  private static void reply(HttpServerRequest request, int status, JsonObject body) {
    request
        .response()
        .setStatusCode(status)
        .putHeader("Content-Type", "application/json")
        .end(body.encode());
  }
}
