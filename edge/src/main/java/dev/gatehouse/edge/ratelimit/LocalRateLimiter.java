package dev.gatehouse.edge.ratelimit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.internal.AtomicRateLimiter;
import io.vertx.core.Future;
import java.time.Duration;

/**
 * Per-client-IP limits for one route, in this process: one resilience4j limiter per IP (a fixed
 * window of {@code limit} permits, refilled every {@code window}), kept in a bounded map that
 * forgets an IP once it has been quiet for a whole window, so a million distinct addresses cannot
 * grow memory without bound. An evicted IP simply starts a fresh window.
 */
public final class LocalRateLimiter implements RateLimiter {

  public static final int DEFAULT_MAX_TRACKED_IPS = 100_000;

  private record Entry(AtomicRateLimiter limiter, long createdNanos) {}

  private final RateLimitSpec spec;
  private final RateLimiterConfig config;
  private final Cache<String, Entry> limiters;
  private final long windowNanos;

  public LocalRateLimiter(RateLimitSpec spec, int maxTrackedIps) {
    this.spec = spec;
    this.windowNanos = spec.window().toNanos();
    this.config =
        RateLimiterConfig.custom()
            .limitForPeriod(spec.limit())
            .limitRefreshPeriod(spec.window())
            .timeoutDuration(Duration.ZERO)
            .build();
    this.limiters =
        Caffeine.newBuilder()
            .maximumSize(maxTrackedIps)
            .expireAfterAccess(spec.window())
            // Upkeep on the thread that asked: a few steps, where a pool thread would be woken
            // for nearly every request.
            .executor(Runnable::run)
            .build();
  }

  @Override
  public Future<Decision> acquire(String clientIp) {
    return Future.succeededFuture(decide(clientIp));
  }

  /** The decision itself, synchronous: the local limiter never waits. */
  public Decision decide(String clientIp) {
    Entry entry =
        limiters.get(
            clientIp, ip -> new Entry(new AtomicRateLimiter(ip, config), System.nanoTime()));
    boolean allowed = entry.limiter().acquirePermission();
    AtomicRateLimiter.AtomicRateLimiterMetrics metrics = entry.limiter().getDetailedMetrics();
    long intoWindow = (System.nanoTime() - entry.createdNanos()) % windowNanos;
    long resetSeconds = seconds(windowNanos - intoWindow);
    return new Decision(
        allowed,
        spec.limit(),
        Math.max(0, metrics.getAvailablePermissions()),
        resetSeconds,
        allowed ? 0 : Math.max(1, seconds(metrics.getNanosToWait())));
  }

  private static long seconds(long nanos) {
    return (nanos + 999_999_999L) / 1_000_000_000L;
  }
}
