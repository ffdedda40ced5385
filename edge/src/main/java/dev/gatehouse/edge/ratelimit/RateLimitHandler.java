package dev.gatehouse.edge.ratelimit;

import dev.gatehouse.edge.request.RequestFacts;
import dev.gatehouse.shared.error.ApiError;
import dev.gatehouse.shared.error.ErrorCode;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
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

  // Made once as ASCII strings: set on every response, so not hashed and re-encoded each time.
  private static final CharSequence POLICY = HttpHeaders.createOptimized("RateLimit-Policy");
  private static final CharSequence STATE = HttpHeaders.createOptimized("RateLimit");
  private static final CharSequence LIMIT = HttpHeaders.createOptimized("RateLimit-Limit");
  private static final CharSequence REMAINING = HttpHeaders.createOptimized("RateLimit-Remaining");
  private static final CharSequence RESET = HttpHeaders.createOptimized("RateLimit-Reset");

  private final RateLimiter limiter;
  private final CharSequence policyField;
  private final String statePrefix;

  public RateLimitHandler(RateLimiter limiter, RateLimitSpec spec, String policyName) {
    this.limiter = limiter;
    this.policyField = HttpHeaders.createOptimized(spec.policyField(policyName));
    this.statePrefix = "\"" + policyName + "\";r=";
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
        .set(POLICY, policyField)
        .set(STATE, statePrefix + decision.remaining() + ";t=" + decision.resetSeconds())
        .set(LIMIT, String.valueOf(decision.limit()))
        .set(REMAINING, String.valueOf(decision.remaining()))
        .set(RESET, String.valueOf(decision.resetSeconds()));
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
