package dev.gatehouse.edge.ratelimit;

import dev.gatehouse.edge.request.RequestFacts;
import dev.gatehouse.shared.error.ApiError;
import dev.gatehouse.shared.error.ErrorCode;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.InputTrustHandler;

/**
 * Applies a route's per-IP limit and says so on every response: the IETF draft's structured {@code
 * RateLimit-Policy} and {@code RateLimit} fields and the older {@code RateLimit-Limit}, {@code
 * RateLimit-Remaining}, {@code RateLimit-Reset} trio; a rejection is 429 with {@code Retry-After}.
 * The request is paused while a shared limiter asks Redis, so no body byte arrives before the
 * forward is ready for it.
 */
public final class RateLimitHandler implements InputTrustHandler {

  private final RateLimiter limiter;
  private final String policyName;
  private final String policyField;

  public RateLimitHandler(RateLimiter limiter, RateLimitSpec spec, String policyName) {
    this.limiter = limiter;
    this.policyName = policyName;
    this.policyField = spec.policyField(policyName);
  }

  @Override
  public void handle(RoutingContext ctx) {
    Future<Decision> decision = limiter.acquire(RequestFacts.of(ctx).clientIp());
    if (!decision.isComplete()) {
      // Pausing costs socket-level flow control, so only a decision still pending pays it.
      ctx.request().pause();
    }
    decision.onSuccess(d -> apply(ctx, d)).onFailure(failure -> reject(ctx, failure));
  }

  private void apply(RoutingContext ctx, Decision decision) {
    MultiMap headers = ctx.response().headers();
    headers
        .set("RateLimit-Policy", policyField)
        .set(
            "RateLimit",
            "\"" + policyName + "\";r=" + decision.remaining() + ";t=" + decision.resetSeconds())
        .set("RateLimit-Limit", String.valueOf(decision.limit()))
        .set("RateLimit-Remaining", String.valueOf(decision.remaining()))
        .set("RateLimit-Reset", String.valueOf(decision.resetSeconds()));
    if (decision.allowed()) {
      // Still paused: the forward takes the body from here and resumes it itself.
      ctx.next();
      return;
    }
    headers.set("Retry-After", String.valueOf(decision.retryAfterSeconds()));
    reject(ctx, new ApiError(ErrorCode.RATE_LIMITED));
  }

  /**
   * A rejected body is read and dropped, or the paused client would wedge its keep-alive
   * connection.
   */
  private static void reject(RoutingContext ctx, Throwable failure) {
    ctx.request().resume();
    ctx.fail(failure);
  }
}
