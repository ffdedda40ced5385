package dev.gatehouse.edge.stream;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.gatehouse.edge.limits.ConnectionCounter;
import java.time.Duration;

/**
 * The per-IP limits of one stream: connections open at once, and connections opened within the
 * current second. Both maps are bounded: the first by the open connections, the second by size.
 */
final class StreamLimits {

  static final int MAX_TRACKED_IPS = 100_000;

  private final ConnectionCounter open;
  private final int perSecond;
  private final Cache<String, long[]> recent;

  StreamLimits(int maxOpen, int perSecond) {
    this.open = new ConnectionCounter(maxOpen);
    this.perSecond = perSecond;
    this.recent =
        Caffeine.newBuilder()
            .maximumSize(MAX_TRACKED_IPS)
            .expireAfterAccess(Duration.ofSeconds(2))
            .build();
  }

  /** Counts a new connection from {@code ip}, or refuses it; a refused one need not be closed. */
  boolean tryOpen(String ip) {
    if (!withinRate(ip)) {
      return false;
    }
    return open.tryOpen(ip);
  }

  void closed(String ip) {
    open.closed(ip);
  }

  private boolean withinRate(String ip) {
    long second = System.nanoTime() / 1_000_000_000L;
    long[] window = recent.get(ip, k -> new long[] {second, 0});
    synchronized (window) {
      if (window[0] != second) {
        window[0] = second;
        window[1] = 0;
      }
      return ++window[1] <= perSecond;
    }
  }
}
