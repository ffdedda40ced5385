package dev.gatehouse.edge.admin.auth;

import dev.gatehouse.edge.config.Role;
import dev.gatehouse.shared.error.ApiError;
import dev.gatehouse.shared.error.ErrorCode;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import java.util.function.Consumer;

/**
 * Lets an admin request through only with a valid access token ({@code Authorization: Bearer …});
 * {@link #requires(Role)} then checks the token's role per endpoint. A forged or malformed token
 * counts towards the caller's ban; an expired one does not (a client that forgot to refresh).
 */
public final class BearerAuth implements Handler<RoutingContext> {

  private static final String PRINCIPAL = "gatehouse.admin.principal";
  private static final String PREFIX = "Bearer ";

  private final AccessTokens tokens;
  private final Consumer<String> strike;

  public BearerAuth(AccessTokens tokens, Consumer<String> strike) {
    this.tokens = tokens;
    this.strike = strike;
  }

  @Override
  public void handle(RoutingContext ctx) {
    String header = ctx.request().getHeader(HttpHeaders.AUTHORIZATION);
    if (header == null || !header.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
      challenge(ctx, new ApiError(ErrorCode.AUTHENTICATION_REQUIRED));
      return;
    }
    tokens
        .verify(header.substring(PREFIX.length()).strip())
        .onSuccess(
            principal -> {
              ctx.put(PRINCIPAL, principal);
              ctx.next();
            })
        .onFailure(failure -> challenge(ctx, (ApiError) failure));
  }

  /** The operator the request's token speaks for (after this handler let it through). */
  public static Principal principal(RoutingContext ctx) {
    return ctx.get(PRINCIPAL);
  }

  /** A handler that lets through only tokens whose role allows {@code required}. */
  public static Handler<RoutingContext> requires(Role required) {
    return ctx -> {
      if (principal(ctx).role().allows(required)) {
        ctx.next();
      } else {
        ctx.fail(
            new ApiError(
                ErrorCode.INSUFFICIENT_ROLE,
                "This needs the " + required.label() + " role; the token has a lower one."));
      }
    };
  }

  private void challenge(RoutingContext ctx, ApiError error) {
    if (error.code() == ErrorCode.INVALID_TOKEN) {
      strike.accept(ctx.request().remoteAddress().hostAddress());
    }
    ctx.response().putHeader("WWW-Authenticate", "Bearer realm=\"gatehouse-admin\"");
    ctx.fail(error);
  }
}
