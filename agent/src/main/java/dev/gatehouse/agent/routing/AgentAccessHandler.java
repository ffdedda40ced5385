package dev.gatehouse.agent.routing;

import dev.gatehouse.agent.metrics.AgentMetrics;
import dev.gatehouse.shared.log.LogTime;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.PlatformHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes one JSON line per request when its response ends, carrying the edge's request id so that
 * the edge's line and the agent's lines of one request are found together, and counts the request.
 */
final class AgentAccessHandler implements PlatformHandler {

  private static final Logger log = LoggerFactory.getLogger("gatehouse.agent.access");

  private final AgentMetrics metrics;

  AgentAccessHandler(AgentMetrics metrics) {
    this.metrics = metrics;
  }

  @Override
  public void handle(RoutingContext ctx) {
    long started = System.nanoTime();
    ctx.addEndHandler(
        result -> {
          long nanos = System.nanoTime() - started;
          String route = metrics.routeOf(ctx.normalizedPath());
          int status = ctx.response().getStatusCode();
          metrics.ended(route, status, nanos);
          log.info(
              new JsonObject()
                  .put("time", LogTime.format(System.currentTimeMillis()))
                  .put("request_id", RequestIdHandler.of(ctx))
                  .put("method", ctx.request().method().name())
                  .put("path", ctx.request().path())
                  .put("route", route)
                  .put("status", status)
                  .put("duration_ms", nanos / 1_000_000.0)
                  .encode());
        });
    ctx.next();
  }
}
