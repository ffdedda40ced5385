package dev.gatehouse.agent.health;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/**
 * {@code GET /health}: the database and, where registration is configured, the game server, each
 * {@code "up"} or {@code "down"} as last checked in the background, answered at once. The status
 * code follows the database alone: without it the agent can serve nothing, while a game server that
 * is down or slow only stops registrations, and an edge must not take the agent out of its pool
 * (and the status route off the air) for that.
 */
public final class HealthHandler implements Handler<RoutingContext> {

  private static final String RETRY_AFTER_SECONDS = "1";

  private final DependencyChecks checks;

  public HealthHandler(DependencyChecks checks) {
    this.checks = checks;
  }

  @Override
  public void handle(RoutingContext ctx) {
    DependencyChecks.State state = checks.state();
    JsonObject body =
        new JsonObject().put("ok", state.database()).put("database", up(state.database()));
    if (state.gameServer() != null) {
      body.put("game_server", up(state.gameServer()));
    }
    if (!state.database()) {
      ctx.response().putHeader(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS);
    }
    ctx.response()
        .setStatusCode(state.database() ? 200 : 503)
        .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
        .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
        // The edge's doctor compares clocks with it: assertions expire by the clock.
        .putHeader(
            HttpHeaders.DATE,
            DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC)))
        .end(body.toBuffer());
  }

  private static String up(boolean up) {
    return up ? "up" : "down";
  }
}
