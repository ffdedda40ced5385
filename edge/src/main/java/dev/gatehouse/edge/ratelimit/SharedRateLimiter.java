package dev.gatehouse.edge.ratelimit;

import dev.gatehouse.edge.redis.SharedState;
import io.vertx.core.Future;
import io.vertx.redis.client.Response;
import java.util.List;

/**
 * A route's per-IP limit counted in Redis, one atomic script call per request, so several edges
 * share one budget. When Redis fails or is slow, this request is decided by the local limiter
 * instead: limits never fail open, and never fail every request.
 */
public final class SharedRateLimiter implements RateLimiter {

  static final String SCRIPT = SharedState.script("fixed-window.lua");

  private final SharedState redis;
  private final RateLimitSpec spec;
  private final String keyPrefix;
  private final String windowMillis;
  private final LocalRateLimiter fallback;

  public SharedRateLimiter(
      SharedState redis, String route, RateLimitSpec spec, LocalRateLimiter fallback) {
    this.redis = redis;
    this.spec = spec;
    this.keyPrefix = redis.key("rl:" + route + ":");
    this.windowMillis = String.valueOf(spec.window().toMillis());
    this.fallback = fallback;
  }

  @Override
  public Future<Decision> acquire(String clientIp) {
    return redis
        .eval(SCRIPT, List.of(keyPrefix + clientIp), List.of(windowMillis))
        .map(this::toDecision)
        .recover(failure -> fallback.acquire(clientIp));
  }

  private Decision toDecision(Response reply) {
    long count = reply.get(0).toLong();
    long resetSeconds = Math.max(1, (reply.get(1).toLong() + 999) / 1000);
    boolean allowed = count <= spec.limit();
    return new Decision(
        allowed,
        spec.limit(),
        (int) Math.max(0, spec.limit() - count),
        resetSeconds,
        allowed ? 0 : resetSeconds);
  }
}
