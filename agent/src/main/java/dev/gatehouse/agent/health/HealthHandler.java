package dev.gatehouse.agent.health;

import dev.gatehouse.agent.backend.Backends;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.TimeUnit;

/**
 * {@code GET /health}: the database and, where registration is configured, the game server, each
 * {@code "up"} or {@code "down"}. The status code follows the database alone: without it the agent
 * can serve nothing, while a game server that is down only stops registrations, and an edge should
 * not take the agent out of its pool for that.
 */
public final class HealthHandler implements Handler<RoutingContext> {

  static final long CHECK_TIMEOUT_MILLIS = 2000;

  private final Vertx vertx;
  private final Pool pool;
  private final boolean checkGameServer;

  public HealthHandler(Vertx vertx, Pool pool, boolean checkGameServer) {
    this.vertx = vertx;
    this.pool = pool;
    this.checkGameServer = checkGameServer;
  }

  @Override
  public void handle(RoutingContext ctx) {
    Future<Boolean> database = up(pool.query("SELECT 1").execute());
    Future<Boolean> gameServer =
        checkGameServer
            ? up(
                vertx
                    .eventBus()
                    .request(
                        Backends.GAME_PING_ADDRESS,
                        null,
                        new DeliveryOptions().setSendTimeout(CHECK_TIMEOUT_MILLIS)))
            : Future.succeededFuture(null);
    Future.all(database, gameServer)
        .onComplete(checked -> answer(ctx, database.result(), gameServer.result()));
  }

  private static void answer(RoutingContext ctx, boolean database, Boolean gameServer) {
    JsonObject body = new JsonObject().put("ok", database).put("database", state(database));
    if (gameServer != null) {
      body.put("game_server", state(gameServer));
    }
    ctx.response()
        .setStatusCode(database ? 200 : 503)
        .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
        .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
        // The edge's doctor compares clocks with it: assertions expire by the clock.
        .putHeader(
            HttpHeaders.DATE,
            DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC)))
        .end(body.toBuffer());
  }

  private static Future<Boolean> up(Future<?> check) {
    return check.timeout(CHECK_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS).map(true).otherwise(false);
  }

  private static String state(boolean up) {
    return up ? "up" : "down";
  }
}
