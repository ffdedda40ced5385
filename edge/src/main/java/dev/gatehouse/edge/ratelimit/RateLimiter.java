package dev.gatehouse.edge.ratelimit;

import io.vertx.core.Future;

/** Decides whether one more request from a client IP fits a route's limit. */
public interface RateLimiter {

  Future<Decision> acquire(String clientIp);
}
