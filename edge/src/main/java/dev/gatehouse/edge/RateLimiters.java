package dev.gatehouse.edge;

import dev.gatehouse.edge.config.EdgeConfig;
import dev.gatehouse.edge.config.EdgeRoute;
import dev.gatehouse.edge.ratelimit.LocalRateLimiter;
import dev.gatehouse.edge.ratelimit.RateLimiter;
import dev.gatehouse.edge.ratelimit.SharedRateLimiter;
import dev.gatehouse.edge.redis.SharedState;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** One limiter per limited route, shared by all instances: in Redis when configured, else local. */
final class RateLimiters {

  private RateLimiters() {}

  /** The limiters by route path. */
  static Map<String, RateLimiter> forRoutes(EdgeConfig config, Optional<SharedState> redis) {
    Map<String, RateLimiter> limiters = new HashMap<>();
    for (EdgeRoute route : config.routes()) {
      route
          .rateLimit()
          .ifPresent(
              spec -> {
                LocalRateLimiter local = new LocalRateLimiter(spec, config.maxTrackedIps());
                limiters.put(
                    route.path(),
                    redis
                        .<RateLimiter>map(r -> new SharedRateLimiter(r, route.path(), spec, local))
                        .orElse(local));
              });
    }
    return limiters;
  }
}
