package dev.gatehouse.agent.routing;

import dev.gatehouse.shared.http.GatehouseHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.PlatformHandler;
import java.time.Duration;

/**
 * The moment, on this machine's clock, a request's answer is due: the route's timeout, or sooner
 * when the edge waits less. The edge's wait is read from {@code X-Gatehouse-Timeout} and counted
 * from the request's arrival (before its body is read: the edge's clock runs while a slow client
 * uploads), so a clock that differs from the edge's moves nothing; only without it is the edge's
 * {@code X-Gatehouse-Deadline} read, on the edge's clock. A missing or unreadable header leaves the
 * route's timeout.
 */
final class EdgeDeadline {

  private static final String ARRIVED = "gatehouse.arrived";

  private EdgeDeadline() {}

  /**
   * The first handler of a backend's route: notes when the request came, before its body is read (a
   * platform handler, so vertx-web lets it come before the body handler).
   */
  static PlatformHandler arrival() {
    return ctx -> {
      ctx.put(ARRIVED, System.currentTimeMillis());
      ctx.next();
    };
  }

  static long of(RoutingContext ctx, Duration routeTimeout) {
    HttpServerRequest request = ctx.request();
    Long arrived = ctx.get(ARRIVED);
    long since = arrived != null ? arrived : System.currentTimeMillis();
    long own = since + routeTimeout.toMillis();
    Long edgeWait = number(request.getHeader(GatehouseHeaders.TIMEOUT));
    if (edgeWait != null) {
      return Math.min(own, since + Math.max(0, edgeWait));
    }
    Long edgeDeadline = number(request.getHeader(GatehouseHeaders.DEADLINE));
    return edgeDeadline == null ? own : Math.min(own, edgeDeadline);
  }

  private static Long number(String header) {
    if (header == null) {
      return null;
    }
    try {
      return Long.parseLong(header.trim());
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
