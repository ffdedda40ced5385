package dev.gatehouse.agent.health;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import java.util.concurrent.TimeUnit;

/** {@code GET /health}: 200 when the database answers, 503 with the reason when it does not. */
public final class HealthHandler implements Handler<RoutingContext> {

  static final long CHECK_TIMEOUT_MILLIS = 2000;

  private final Pool pool;

  public HealthHandler(Pool pool) {
    this.pool = pool;
  }

  @Override
  public void handle(RoutingContext ctx) {
    pool.query("SELECT 1")
        .execute()
        .timeout(CHECK_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS)
        .map(rows -> new JsonObject().put("ok", true).put("database", "up"))
        .otherwise(
            failure ->
                new JsonObject()
                    .put("ok", false)
                    .put("database", "down")
                    .put("message", String.valueOf(failure.getMessage())))
        .onSuccess(
            body ->
                ctx.response()
                    .setStatusCode(body.getBoolean("ok") ? 200 : 503)
                    .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                    .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
                    .end(body.toBuffer()));
  }
}
