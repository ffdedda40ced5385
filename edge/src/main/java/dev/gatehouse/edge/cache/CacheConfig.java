package dev.gatehouse.edge.cache;

import dev.gatehouse.shared.config.ConfigNode;
import java.time.Duration;

/**
 * {@code routes[].cache:} how long an agent's 200 answer is served from the edge ({@code ttl}), how
 * long after that it still stands in when no agent answers ({@code stale_if_error}), and the bounds
 * on what is kept.
 */
public record CacheConfig(Duration ttl, Duration staleIfError, int maxEntries, long maxBody) {

  public static final Duration DEFAULT_STALE_IF_ERROR = Duration.ofMinutes(10);
  public static final int DEFAULT_MAX_ENTRIES = 100;
  public static final long DEFAULT_MAX_BODY = 256 * 1024;

  public static CacheConfig from(ConfigNode node) {
    CacheConfig config =
        new CacheConfig(
            node.duration("ttl", Duration.ofSeconds(1)),
            node.duration("stale_if_error", DEFAULT_STALE_IF_ERROR),
            node.integer("max_entries", DEFAULT_MAX_ENTRIES, 1, 1_000_000),
            node.size("max_body", DEFAULT_MAX_BODY));
    node.done();
    return config;
  }
}
