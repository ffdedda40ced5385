package dev.gatehouse.agent.routing;

import dev.gatehouse.shared.http.GatehouseHeaders;
import io.vertx.core.http.HttpServerRequest;
import java.time.Duration;

/**
 * The moment, on this machine's clock, a request's answer is due: the route's timeout, or sooner
 * when the edge waits less. The edge's wait is read from {@code X-Gatehouse-Timeout} and counted
 * from the request's arrival, so a clock that differs from the edge's moves nothing; only without
 * it is the edge's {@code X-Gatehouse-Deadline} read, on the edge's clock. A missing or unreadable
 * header leaves the route's timeout.
 */
final class EdgeDeadline {

  private EdgeDeadline() {}

  static long of(HttpServerRequest request, Duration routeTimeout) {
    long now = System.currentTimeMillis();
    long own = now + routeTimeout.toMillis();
    Long edgeWait = number(request.getHeader(GatehouseHeaders.TIMEOUT));
    if (edgeWait != null) {
      return Math.min(own, now + Math.max(0, edgeWait));
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
