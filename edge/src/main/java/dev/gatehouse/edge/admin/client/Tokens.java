package dev.gatehouse.edge.admin.client;

import io.vertx.core.json.JsonObject;
import java.time.Instant;

/** A token pair as a client keeps it: the access token, when it expires, the refresh token. */
public record Tokens(String access, Instant expiresAt, String refresh) {

  static Tokens from(JsonObject pair) {
    return new Tokens(
        pair.getString("access_token"),
        Instant.now().plusSeconds(pair.getLong("expires_in", 0L)),
        pair.getString("refresh_token"));
  }

  JsonObject toJson() {
    return new JsonObject()
        .put("access_token", access)
        .put("expires_at", expiresAt.toString())
        .put("refresh_token", refresh);
  }

  static Tokens fromJson(JsonObject json) {
    return new Tokens(
        json.getString("access_token"),
        Instant.parse(json.getString("expires_at")),
        json.getString("refresh_token"));
  }

  /** Never the tokens themselves. */
  @Override
  public String toString() {
    return "Tokens[expires " + expiresAt + "]";
  }
}
