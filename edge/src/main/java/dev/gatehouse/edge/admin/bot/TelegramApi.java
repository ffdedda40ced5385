package dev.gatehouse.edge.admin.bot;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The two Bot API methods the bot needs, {@code getUpdates} (long polling) and {@code sendMessage}.
 * The token is part of every URL, so no URL or request is ever logged or put into an exception
 * message.
 */
final class TelegramApi {

  /** Telegram's limit on one message's text. */
  static final int MAX_TEXT = 4096;

  private final String base;
  private final Duration pollTimeout;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  TelegramApi(URI apiUrl, String token, Duration pollTimeout) {
    this.base = apiUrl.toString().replaceAll("/+$", "") + "/bot" + token + "/";
    this.pollTimeout = pollTimeout;
  }

  /** The updates after {@code offset}, waiting up to the poll timeout for one. */
  JsonArray updates(long offset) throws IOException, InterruptedException {
    JsonObject answer =
        call(
            "getUpdates",
            new JsonObject()
                .put("offset", offset)
                .put("timeout", pollTimeout.toSeconds())
                .put("allowed_updates", new JsonArray().add("message")),
            pollTimeout.plusSeconds(10));
    return answer.getJsonArray("result", new JsonArray());
  }

  void send(long chatId, String text) throws IOException, InterruptedException {
    String cut = text.length() > MAX_TEXT ? text.substring(0, MAX_TEXT - 1) + "…" : text;
    call(
        "sendMessage",
        new JsonObject().put("chat_id", chatId).put("text", cut),
        Duration.ofSeconds(15));
  }

  private JsonObject call(String method, JsonObject body, Duration timeout)
      throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(base + method))
            .timeout(timeout)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body.encode()))
            .build();
    HttpResponse<String> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new IOException("the Bot API's " + method + " failed: " + e.getClass().getSimpleName());
    }
    if (response.statusCode() != 200) {
      throw new IOException("the Bot API's " + method + " answered " + response.statusCode());
    }
    return new JsonObject(response.body());
  }
}
