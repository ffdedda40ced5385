package dev.gatehouse.edge.metrics;

import static dev.gatehouse.edge.metrics.EdgeMetricNames.CACHE_LOOKUPS;
import static dev.gatehouse.edge.metrics.EdgeMetricNames.REJECTIONS;
import static dev.gatehouse.edge.metrics.EdgeMetricNames.REQUESTS;
import static dev.gatehouse.edge.metrics.EdgeMetricNames.REQUEST_DURATION;
import static dev.gatehouse.edge.metrics.EdgeMetricNames.UPSTREAM_DURATION;

import dev.gatehouse.edge.config.EdgeRoute;
import dev.gatehouse.edge.tls.HandshakeFailures;
import dev.gatehouse.shared.error.ApiError;
import dev.gatehouse.shared.metrics.Metrics;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Records each finished request: counted by route, method and status class, timed, and its
 * rejection and cache outcome counted. Routes are named by their configured path; a request that
 * matched none is {@code none}, whatever path it asked for. Disabled, it records nothing and costs
 * a request nothing.
 */
public final class EdgeMetrics {

  public static final String NO_ROUTE = "none";

  private static final Set<String> METHODS =
      Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");

  private static final Set<String> CACHE_RESULTS = Set.of("hit", "miss", "stale");

  /** A meter's name and label values: all come from config, so there are few of them. */
  private record Labels(String name, String first, String second, String third) {}

  private final MeterRegistry registry;
  // Finding a meter in the registry builds its id first: per request, a map lookup is cheaper.
  // Bounded as the label values are (routes, upstreams, error codes, methods, status classes).
  private final Map<Labels, Meter> meters = new ConcurrentHashMap<>();
  private final List<EdgeRoute> routes;
  private final boolean enabled;

  public EdgeMetrics(MeterRegistry registry, List<EdgeRoute> routes, boolean enabled) {
    this.registry = registry;
    this.routes = List.copyOf(routes);
    this.enabled = enabled;
    // At zero from the start, so a rate over them is defined before the first failure.
    for (String reason : HandshakeFailures.REASONS) {
      registry.counter(EdgeMetricNames.TLS_HANDSHAKE_FAILURES, "reason", reason);
    }
  }

  public boolean enabled() {
    return enabled;
  }

  public MeterRegistry registry() {
    return registry;
  }

  /** The configured route that serves {@code path}, or {@link #NO_ROUTE}. */
  public String routeOf(String path) {
    for (EdgeRoute route : routes) {
      if (route.matches(path)) {
        return route.path();
      }
    }
    return NO_ROUTE;
  }

  /** A connection whose TLS handshake failed, for {@code reason}. */
  public void handshakeFailed(String reason) {
    if (enabled) {
      registry.counter(EdgeMetricNames.TLS_HANDSHAKE_FAILURES, "reason", reason).increment();
    }
  }

  /** One finished request. {@code cache} is the {@code X-Cache} marker the answer carried. */
  public void ended(
      String route,
      String method,
      int status,
      long totalNanos,
      Optional<String> upstream,
      OptionalLong upstreamNanos,
      Optional<ApiError> error,
      Optional<String> cache) {
    String methodLabel = METHODS.contains(method) ? method : "other";
    String statusClass = Metrics.statusClass(status);
    meter(
            new Labels(REQUESTS, route, methodLabel, statusClass),
            labels ->
                registry.counter(
                    REQUESTS, "route", route, "method", methodLabel, "status", statusClass))
        .increment();
    meter(
            new Labels(REQUEST_DURATION, route, "", ""),
            labels -> Metrics.latency(registry, REQUEST_DURATION, "route", route))
        .record(totalNanos, TimeUnit.NANOSECONDS);
    if (upstream.isPresent() && upstreamNanos.isPresent()) {
      String name = upstream.get();
      meter(
              new Labels(UPSTREAM_DURATION, route, name, ""),
              labels ->
                  Metrics.latency(registry, UPSTREAM_DURATION, "route", route, "upstream", name))
          .record(upstreamNanos.getAsLong(), TimeUnit.NANOSECONDS);
    }
    if (error.isPresent()) {
      String policy = Policies.of(error.get().code());
      String code = error.get().code().code();
      meter(
              new Labels(REJECTIONS, route, policy, code),
              labels ->
                  registry.counter(REJECTIONS, "route", route, "policy", policy, "error", code))
          .increment();
    }
    if (cache.isPresent()) {
      String result = cache.get().toLowerCase(Locale.ROOT);
      if (CACHE_RESULTS.contains(result)) {
        meter(
                new Labels(CACHE_LOOKUPS, route, result, ""),
                labels -> registry.counter(CACHE_LOOKUPS, "route", route, "result", result))
            .increment();
      }
    }
  }

  @SuppressWarnings("unchecked")
  private <M extends Meter> M meter(Labels labels, Function<Labels, M> register) {
    return (M) meters.computeIfAbsent(labels, register);
  }
}
