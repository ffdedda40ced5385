package dev.gatehouse.shared.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import io.vertx.micrometer.PrometheusScrapingHandler;
import java.time.Duration;

/**
 * One Prometheus registry per process and the shapes its meters share. Each process owns its
 * registry rather than the global one, so an edge and an agent in one JVM (tests, the demo) keep
 * their series apart.
 */
public final class Metrics {

  /**
   * Latency buckets from a cached answer to a slow hash or a timed-out agent: a dozen fixed bounds
   * keep a histogram to a dozen series per label set, where Micrometer's percentile histogram would
   * add seventy.
   */
  private static final Duration[] LATENCY_BUCKETS = {
    Duration.ofMillis(1),
    Duration.ofMillis(5),
    Duration.ofMillis(10),
    Duration.ofMillis(25),
    Duration.ofMillis(50),
    Duration.ofMillis(100),
    Duration.ofMillis(250),
    Duration.ofMillis(500),
    Duration.ofSeconds(1),
    Duration.ofMillis(2500),
    Duration.ofSeconds(5),
    Duration.ofSeconds(10),
    Duration.ofSeconds(30)
  };

  private Metrics() {}

  public static PrometheusMeterRegistry newRegistry() {
    return new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  }

  /** With metrics off, every meter registered is a no-op and the scrape is empty. */
  public static PrometheusMeterRegistry newRegistry(MetricsConfig config) {
    PrometheusMeterRegistry registry = newRegistry();
    if (!config.enabled()) {
      registry.config().meterFilter(MeterFilter.deny());
    }
    return registry;
  }

  /** {@code GET /metrics}: the registry in the Prometheus text format. */
  public static Handler<RoutingContext> scrapeHandler(PrometheusMeterRegistry registry) {
    return PrometheusScrapingHandler.create(registry);
  }

  /** A latency histogram exported as {@code <name>_seconds_bucket/_count/_sum}. */
  public static Timer latency(MeterRegistry registry, String name, String... tags) {
    return Timer.builder(name)
        .tags(tags)
        .serviceLevelObjectives(LATENCY_BUCKETS)
        .minimumExpectedValue(LATENCY_BUCKETS[0])
        .maximumExpectedValue(LATENCY_BUCKETS[LATENCY_BUCKETS.length - 1])
        .register(registry);
  }

  /** {@code 2xx} … {@code 5xx}: a status code as a label of five values at most. */
  public static String statusClass(int status) {
    return status >= 100 && status < 600 ? (status / 100) + "xx" : "other";
  }
}
