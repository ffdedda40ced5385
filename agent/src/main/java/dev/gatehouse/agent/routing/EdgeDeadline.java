package dev.gatehouse.agent.routing;

import dev.gatehouse.shared.http.GatehouseHeaders;
import io.vertx.core.http.HttpServerRequest;
import java.time.Duration;

/**
 * The moment a request's answer is due: the edge's {@code X-Gatehouse-Deadline} or the route's
 * timeout, whichever comes first. A missing or unreadable header leaves the route's timeout.
 */
final class EdgeDeadline {

  private EdgeDeadline() {}

  static long of(HttpServerRequest request, Duration routeTimeout) {
    long own = System.currentTimeMillis() + routeTimeout.toMillis();
    String header = request.getHeader(GatehouseHeaders.DEADLINE);
    if (header == null) {
      return own;
    }
    try {
      return Math.min(own, Long.parseLong(header.trim()));
    } catch (NumberFormatException e) {
      return own;
    }
  }
}
