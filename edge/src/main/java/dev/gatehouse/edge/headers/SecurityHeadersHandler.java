package dev.gatehouse.edge.headers;

import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.SecurityPolicyHandler;

/**
 * Headers every response carries, whoever produced it: HSTS (the edge only speaks HTTPS), {@code
 * nosniff}, and no {@code Server} header, so no version is advertised, not even the agent's.
 */
public final class SecurityHeadersHandler implements SecurityPolicyHandler {

  private final String hsts;

  public SecurityHeadersHandler(String hsts) {
    this.hsts = hsts;
  }

  @Override
  public void handle(RoutingContext ctx) {
    ctx.addHeadersEndHandler(
        v ->
            ctx.response()
                .headers()
                .set("Strict-Transport-Security", hsts)
                .set("X-Content-Type-Options", "nosniff")
                .remove("Server"));
    ctx.next();
  }
}
