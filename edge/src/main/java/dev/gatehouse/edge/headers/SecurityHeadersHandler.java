package dev.gatehouse.edge.headers;

import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.SecurityPolicyHandler;

/**
 * Headers every response carries, whoever produced it: HSTS (the edge only speaks HTTPS), {@code
 * nosniff}, and no {@code Server} header, so no version is advertised, not even the agent's.
 */
public final class SecurityHeadersHandler implements SecurityPolicyHandler {

  static final String HSTS = "max-age=31536000; includeSubDomains";

  @Override
  public void handle(RoutingContext ctx) {
    ctx.addHeadersEndHandler(
        v ->
            ctx.response()
                .headers()
                .set("Strict-Transport-Security", HSTS)
                .set("X-Content-Type-Options", "nosniff")
                .remove("Server"));
    ctx.next();
  }
}
