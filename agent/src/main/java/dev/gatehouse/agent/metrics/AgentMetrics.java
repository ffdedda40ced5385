package dev.gatehouse.agent.metrics;

import static dev.gatehouse.agent.metrics.AgentMetricNames.BACKEND_DURATION;
import static dev.gatehouse.agent.metrics.AgentMetricNames.BACKEND_REPLIES;
import static dev.gatehouse.agent.metrics.AgentMetricNames.REQUESTS;
import static dev.gatehouse.agent.metrics.AgentMetricNames.REQUEST_DURATION;

import dev.gatehouse.shared.error.ErrorCode;
import dev.gatehouse.shared.log.BatchingLineAppender;
import dev.gatehouse.shared.metrics.Metrics;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Records the agent's requests by configured route and its backends' replies by outcome. A request
 * that matched no route is {@code none}, whatever path it asked for. Disabled, it records nothing.
 */
public final class AgentMetrics {

  public static final String NO_ROUTE = "none";

  private static final Set<String> CODES =
      Arrays.stream(ErrorCode.values()).map(ErrorCode::code).collect(Collectors.toSet());

  private final MeterRegistry registry;
  private final List<String> routePaths;
  private final boolean enabled;

  /** {@code routePaths}: the configured paths, exact or a prefix ending in {@code /*}. */
  public AgentMetrics(MeterRegistry registry, List<String> routePaths, boolean enabled) {
    this.registry = registry;
    this.routePaths = List.copyOf(routePaths);
    this.enabled = enabled;
    FunctionCounter.builder(
            AgentMetricNames.ACCESS_LOG_DROPPED, registry, r -> BatchingLineAppender.dropped())
        .register(registry);
  }

  public String routeOf(String path) {
    for (String route : routePaths) {
      boolean prefix = route.endsWith("/*");
      if (prefix ? path.startsWith(route.substring(0, route.length() - 1)) : path.equals(route)) {
        return route;
      }
    }
    return NO_ROUTE;
  }

  public void ended(String route, int status, long nanos) {
    if (!enabled) {
      return;
    }
    registry.counter(REQUESTS, "route", route, "status", Metrics.statusClass(status)).increment();
    Metrics.latency(registry, REQUEST_DURATION, "route", route).record(nanos, TimeUnit.NANOSECONDS);
  }

  /** A backend's reply: {@code error} is the code it answered with, or null for success. */
  public void replied(String backend, String error, long nanos) {
    if (!enabled) {
      return;
    }
    String outcome = error == null ? "ok" : CODES.contains(error) ? error : "other";
    registry.counter(BACKEND_REPLIES, "backend", backend, "outcome", outcome).increment();
    Metrics.latency(registry, BACKEND_DURATION, "backend", backend)
        .record(nanos, TimeUnit.NANOSECONDS);
  }
}
