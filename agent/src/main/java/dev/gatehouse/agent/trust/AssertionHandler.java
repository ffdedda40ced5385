package dev.gatehouse.agent.trust;

import dev.gatehouse.shared.trust.EdgeAssertion;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.AuthenticationHandler;
import java.util.Optional;

/**
 * Believes a request only as far as its edge assertion goes: without a valid one (missing, expired,
 * MACed with another secret, altered, unsigned, made for another request, or seen before) the
 * answer is 401 {@code invalid_assertion}. The client IP comes from the assertion and replaces
 * whatever {@code X-Forwarded-For} says, for the backends and local services behind. Without a
 * configured secret (an agent on loopback) the socket address stands in for the client IP.
 */
public final class AssertionHandler implements AuthenticationHandler {

  /** Where the client IP is kept for later handlers. */
  public static final String CLIENT_IP = "gatehouse.clientIp";

  private final Optional<AssertionVerifier> verifier;

  public AssertionHandler(Vertx vertx, TrustConfig config) {
    this.verifier =
        config.edgeSecret().isPresent()
            ? Optional.of(new AssertionVerifier(config))
            : Optional.empty();
  }

  @Override
  public void handle(RoutingContext ctx) {
    String token = ctx.request().headers().get(EdgeAssertion.HEADER);
    ctx.request().headers().remove(EdgeAssertion.HEADER);
    Future<String> clientIp =
        verifier
            .map(v -> v.verify(token, received(ctx)))
            .orElseGet(() -> Future.succeededFuture(ctx.request().remoteAddress().hostAddress()));
    boolean pending = !clientIp.isComplete();
    if (pending) {
      // Until the assertion is checked, no body byte may arrive unread.
      ctx.request().pause();
    }
    clientIp
        .onComplete(
            result -> {
              if (pending) {
                ctx.request().resume();
              }
            })
        .onSuccess(ip -> proceed(ctx, ip))
        .onFailure(ctx::fail);
  }

  private static AssertionVerifier.Received received(RoutingContext ctx) {
    return new AssertionVerifier.Received(
        ctx.request().method().name(),
        ctx.normalizedPath(),
        ctx.request().getHeader("X-Request-Id"),
        ctx.request().getHeader(EdgeAssertion.DEADLINE_HEADER),
        ctx.request().getHeader(EdgeAssertion.TIMEOUT_HEADER));
  }

  private static void proceed(RoutingContext ctx, String clientIp) {
    ctx.put(CLIENT_IP, clientIp);
    ctx.request().headers().set("X-Forwarded-For", clientIp);
    ctx.next();
  }
}
