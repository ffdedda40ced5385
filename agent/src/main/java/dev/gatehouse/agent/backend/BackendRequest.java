package dev.gatehouse.agent.backend;

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
