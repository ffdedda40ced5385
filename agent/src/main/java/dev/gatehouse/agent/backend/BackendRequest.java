package dev.gatehouse.agent.backend;

import dev.gatehouse.shared.log.RequestContext;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;

/**
 * What the agent sends a backend verticle over the event bus for one HTTP request; {@code
 * deadlineEpochMillis} is when the edge (or the route's timeout) stops waiting for the answer;
 * {@code idempotencyKey} the client's {@code Idempotency-Key}, if it sent one.
 */
public record BackendRequest(
    String method,
    String path,
    String requestId,
    String body,
    long deadlineEpochMillis,
    String idempotencyKey) {

  public JsonObject toJson() {
    return new JsonObject()
        .put("method", method)
        .put("path", path)
        .put("requestId", requestId)
        .put("body", body)
        .put("deadline", deadlineEpochMillis)
        .put("idempotencyKey", idempotencyKey);
  }

  /**
   * The request {@code message} carries, whose id from now on marks every line logged while it is
   * served: the message is handled on a context of its own, which the request's futures follow.
   */
  public static BackendRequest received(Message<JsonObject> message) {
    BackendRequest request = fromJson(message.body());
    RequestContext.enter(request.requestId());
    return request;
  }

  public static BackendRequest fromJson(JsonObject json) {
    return new BackendRequest(
        json.getString("method"),
        json.getString("path"),
        json.getString("requestId"),
        json.getString("body"),
        json.getLong("deadline"),
        json.getString("idempotencyKey"));
  }
}
