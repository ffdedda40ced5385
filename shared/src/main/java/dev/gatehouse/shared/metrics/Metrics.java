package dev.gatehouse.shared.metrics;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.MetricsDomain;
import io.vertx.micrometer.MetricsNaming;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.PrometheusScrapingHandler;
import java.time.Duration;
import java.util.EnumSet;

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

  /** The prefix Vert.x gives the meters of its named pools. */
  private static final String VERTX_POOL = "vertx.pool.";

  /** The metrics category of the SQL client's per-query meters. */
  private static final String SQL_CLIENT = "sql";

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

  /**
   * Vert.x's own meters of its named pools only (SQL connection pools, worker pools: in use,
   * waiting, time waited), renamed {@code <prefix>.pool.…} in {@code registry}. Every other Vert.x
   * meter stays off, the SQL client's per-query ones too: they would time each request twice.
   */
  public static MicrometerMetricsOptions poolMetrics(MeterRegistry registry, String prefix) {
    registry
        .config()
        .meterFilter(
            new MeterFilter() {
              @Override
              public Meter.Id map(Meter.Id id) {
                return id.getName().startsWith(VERTX_POOL)
                    ? id.withName(prefix + ".pool." + id.getName().substring(VERTX_POOL.length()))
                    : id;
              }
            });
    MicrometerMetricsOptions options =
        new MicrometerMetricsOptions()
            .setEnabled(true)
            .setLabels(EnumSet.of(Label.POOL_TYPE, Label.POOL_NAME))
            .setMetricsNaming(
                MetricsNaming.v4Names()
                    .setPoolInUse("in_use")
                    .setPoolQueuePending("waiting")
                    .setPoolQueueTime("wait")
                    .setPoolUsage("usage")
                    .setPoolUsageRatio("usage_ratio")
                    .setPoolCompleted("completed"))
            .addDisabledMetricsCategory(SQL_CLIENT);
    for (MetricsDomain domain : MetricsDomain.values()) {
      if (domain != MetricsDomain.NAMED_POOLS) {
        options.addDisabledMetricsCategory(domain);
      }
    }
    return options;
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
