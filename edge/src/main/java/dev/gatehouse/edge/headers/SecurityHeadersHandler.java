package dev.gatehouse.edge.headers;

import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.SecurityPolicyHandler;

/**
 * Headers every response carries, whoever produced it: HSTS (the edge only speaks HTTPS), {@code
 * nosniff}, and no {@code Server} header, so no version is advertised, not even the agent's.
 */
public final class SecurityHeadersHandler implements SecurityPolicyHandler {

  // Made once as ASCII strings: set on every response, so not hashed and re-encoded each time.
  private static final CharSequence HSTS = HttpHeaders.createOptimized("Strict-Transport-Security");
  private static final CharSequence NOSNIFF_NAME =
      HttpHeaders.createOptimized("X-Content-Type-Options");
  private static final CharSequence NOSNIFF = HttpHeaders.createOptimized("nosniff");

  private final CharSequence hsts;

  public SecurityHeadersHandler(String hsts) {
    this.hsts = HttpHeaders.createOptimized(hsts);
  }

  @Override
  public void handle(RoutingContext ctx) {
    ctx.addHeadersEndHandler(
        v ->
            ctx.response()
                .headers()
                .set(HSTS, hsts)
                .set(NOSNIFF_NAME, NOSNIFF)
                .remove(HttpHeaders.SERVER));
    ctx.next();
  }
}
