package dev.gatehouse.shared.metrics;

import dev.gatehouse.shared.config.ConfigNode;

/**
 * {@code metrics:} whether the process measures itself. Off, nothing is recorded (no per-request
 * cost at all) and {@code /metrics} answers with no series: for measuring what metrics cost, or a
 * setup nobody scrapes.
 */
public record MetricsConfig(boolean enabled) {

  public static final boolean DEFAULT_ENABLED = true;

  public static MetricsConfig from(ConfigNode node) {
    MetricsConfig config = new MetricsConfig(node.bool("enabled", DEFAULT_ENABLED));
    node.done();
    return config;
  }
}
