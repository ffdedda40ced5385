package dev.gatehouse.edge.kit;

import dev.gatehouse.shared.config.ConfigNode;
import java.time.Duration;

/**
 * {@code kit:} section: whether the edge serves the website kit at {@code /kit/}, and how long
 * browsers keep it.
 */
public record KitConfig(boolean enabled, Duration maxAge) {

  public static final Duration DEFAULT_MAX_AGE = Duration.ofHours(1);

  public static KitConfig from(ConfigNode node) {
    KitConfig config =
        new KitConfig(node.bool("enabled", true), node.duration("max_age", DEFAULT_MAX_AGE));
    node.done();
    return config;
  }
}
