package dev.gatehouse.edge.policy;

import dev.gatehouse.edge.request.ClientIpHandler;
import dev.gatehouse.shared.error.ApiError;
import dev.gatehouse.shared.error.ErrorCode;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.ext.web.RoutingContext;

/**
 * Applies a route's per-IP limit and says so on every response: the IETF draft's structured
 * {@code RateLimit-Policy} and {@code RateLimit} fields and the older {@code RateLimit-Limit},
 * {@code RateLimit-Remaining}, {@code RateLimit-Reset} trio; a rejection is 429 with {@code
 * Retry-After}.
 */
public final class RateLimitHandler implements Handler<RoutingContext> {

  private final LocalRateLimiter limiter;
  private final String policyName;
  private final String policyField;

  public RateLimitHandler(LocalRateLimiter limiter, RateLimitSpec spec, String policyName) {
    this.limiter = limiter;
    this.policyName = policyName;
    this.policyField = spec.policyField(policyName);
  }

  @Override
  public void handle(RoutingContext ctx) {
    Decision decision = limiter.acquire(ClientIpHandler.of(ctx));
    MultiMap headers = ctx.response().headers();
    headers
        .set("RateLimit-Policy", policyField)
        .set("RateLimit", "\"" + policyName + "\";r=" + decision.remaining() + ";t=" + decision.resetSeconds())
        .set("RateLimit-Limit", String.valueOf(decision.limit()))
        .set("RateLimit-Remaining", String.valueOf(decision.remaining()))
        .set("RateLimit-Reset", String.valueOf(decision.resetSeconds()));
    if (decision.allowed()) {
      ctx.next();
      return;
    }
    headers.set("Retry-After", String.valueOf(decision.retryAfterSeconds()));
    ctx.fail(new ApiError(ErrorCode.RATE_LIMITED));
  }
}
