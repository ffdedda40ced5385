package dev.gatehouse.edge.allowip;

import dev.gatehouse.edge.request.RequestFacts;
import dev.gatehouse.shared.error.ApiError;
import dev.gatehouse.shared.error.ErrorCode;
import dev.gatehouse.shared.net.AddressSet;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.SecurityPolicyHandler;

/**
 * A route's {@code allow_ips}: only clients from these networks may use it (an operator's private
 * route), anyone else gets 403 {@code ip_not_allowed} before any other check of the route.
 */
public final class AllowIpsHandler implements SecurityPolicyHandler {

  private final AddressSet allowed;

  public AllowIpsHandler(AddressSet allowed) {
    this.allowed = allowed;
  }

  @Override
  public void handle(RoutingContext ctx) {
    if (allowed.contains(RequestFacts.of(ctx).clientIp())) {
      ctx.next();
    } else {
      ctx.fail(new ApiError(ErrorCode.IP_NOT_ALLOWED));
    }
  }
}
