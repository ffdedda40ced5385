package dev.gatehouse.agent.status;

import dev.gatehouse.shared.config.ConfigNode;
import java.time.Duration;

/** {@code status:} section: how long one read of the server constants serves every poll. */
public record StatusConfig(Duration cacheTtl) {

  public static final Duration DEFAULT_CACHE_TTL = Duration.ofSeconds(1);

  public static StatusConfig from(ConfigNode node) {
    StatusConfig config = new StatusConfig(node.duration("cache_ttl", DEFAULT_CACHE_TTL));
    node.done();
    return config;
  }
}
