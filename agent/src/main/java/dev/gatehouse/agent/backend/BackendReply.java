package dev.gatehouse.agent.backend;

import dev.gatehouse.shared.error.ApiError;
import dev.gatehouse.shared.error.ErrorCode;
import io.vertx.core.Future;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A backend's answer: the HTTP status and the JSON body. Backends always reply, errors included, so
 * the HTTP side never has to guess what a failed message meant. Every 503 tells the client when to
 * try again ({@link #RETRY_AFTER_SECONDS}).
 */
public record BackendReply(int status, JsonObject body, boolean replayed) {

  private static final Logger log = LoggerFactory.getLogger(BackendReply.class);

  /** {@code Retry-After} of a 503: the moment passes quickly, or the cause outlasts any retry. */
  public static final int RETRY_AFTER_SECONDS = 2;

  public JsonObject toJson() {
    return new JsonObject().put("status", status).put("body", body).put("replayed", replayed);
  }

  public static BackendReply fromJson(JsonObject json) {
    return new BackendReply(
        json.getInteger("status"), json.getJsonObject("body"), json.getBoolean("replayed", false));
  }

  public static BackendReply ok(JsonObject body) {
    return new BackendReply(200, body, false);
  }

  /** An answer given before to the same request, sent again for a retry. */
  public static BackendReply replayed(int status, JsonObject body) {
    return new BackendReply(status, body, true);
  }

  public static BackendReply error(Throwable failure) {
    if (failure instanceof ApiError apiError) {
      return new BackendReply(apiError.status(), apiError.toJson(), false);
    }
    log.error("backend failed", failure);
    return new BackendReply(500, new ApiError(ErrorCode.INTERNAL_ERROR).toJson(), false);
  }

  /** Replies to {@code message} once {@code result} completes, turning a failure into its error. */
  public static void replyWhenDone(Message<JsonObject> message, Future<BackendReply> result) {
    result.otherwise(BackendReply::error).onSuccess(reply -> message.reply(reply.toJson()));
  }
}
