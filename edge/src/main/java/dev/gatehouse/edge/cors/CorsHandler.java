package dev.gatehouse.edge.cors;

import dev.gatehouse.shared.error.ApiError;
import dev.gatehouse.shared.error.ErrorCode;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.SecurityPolicyHandler;
import java.util.Optional;
import java.util.function.Function;

/**
 * CORS at the edge: preflights are answered here, with the methods of the route they ask about, and
 * never forwarded; an allowed origin is echoed in {@code Access-Control-Allow-Origin}; a disallowed
 * one gets no CORS headers (the browser then hides the response) and its preflight a 403. {@code
 * Vary: Origin} is on every response so caches never serve one origin's answer to another.
 */
public final class CorsHandler implements SecurityPolicyHandler {

  static final String ALLOWED_HEADERS = "Content-Type, X-API-Key, X-Request-Id, Idempotency-Key";
  // Scripts see only these beyond the safelisted few: the kit needs Retry-After for 429 and
  // X-Cache/Age to show a status served from the edge's stale copy as stale.
  static final String EXPOSED_HEADERS =
      "X-Request-Id, Retry-After, RateLimit, RateLimit-Policy, RateLimit-Limit, RateLimit-Remaining, RateLimit-Reset, "
          + "X-Cache, Age, Warning, Idempotent-Replayed";

  // Made once as ASCII strings: set on every response, so not hashed and re-encoded each time.
  private static final CharSequence VARY = HttpHeaders.createOptimized("Vary");
  private static final CharSequence ORIGIN = HttpHeaders.createOptimized("Origin");
  private static final CharSequence ALLOW_ORIGIN =
      HttpHeaders.createOptimized("Access-Control-Allow-Origin");
  private static final CharSequence EXPOSE =
      HttpHeaders.createOptimized("Access-Control-Expose-Headers");
  private static final CharSequence EXPOSED = HttpHeaders.createOptimized(EXPOSED_HEADERS);

  private final CorsPolicy policy;
  private final Function<String, Optional<String>> methodsFor;
  private final String maxAgeSeconds;

  /** {@code methodsFor}: the methods of the route serving a path, if one does. */
  public CorsHandler(CorsConfig config, Function<String, Optional<String>> methodsFor) {
    this.policy = new CorsPolicy(config);
    this.methodsFor = methodsFor;
    this.maxAgeSeconds = String.valueOf(config.maxAge().toSeconds());
  }

  @Override
  public void handle(RoutingContext ctx) {
    MultiMap headers = ctx.response().headers();
    headers.add(VARY, ORIGIN);
    String origin = ctx.request().getHeader("Origin");
    boolean allowed = policy.allows(origin);
    boolean preflight =
        ctx.request().method() == HttpMethod.OPTIONS
            && ctx.request().getHeader("Access-Control-Request-Method") != null;
    if (allowed) {
      headers.set(ALLOW_ORIGIN, origin);
      headers.set(EXPOSE, EXPOSED);
    }
    if (!preflight) {
      ctx.next();
    } else if (allowed) {
      answerPreflight(ctx, methodsFor.apply(ctx.normalizedPath()));
    } else {
      ctx.fail(new ApiError(ErrorCode.ORIGIN_NOT_ALLOWED));
    }
  }

  private void answerPreflight(RoutingContext ctx, Optional<String> methods) {
    if (methods.isEmpty()) {
      ctx.fail(new ApiError(ErrorCode.NOT_FOUND));
      return;
    }
    ctx.response()
        .setStatusCode(204)
        .putHeader("Access-Control-Allow-Methods", methods.get())
        .putHeader("Access-Control-Allow-Headers", ALLOWED_HEADERS)
        .putHeader("Access-Control-Max-Age", maxAgeSeconds)
        .end();
  }
}
