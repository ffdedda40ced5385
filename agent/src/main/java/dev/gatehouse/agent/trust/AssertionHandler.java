package dev.gatehouse.agent.trust;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.gatehouse.shared.error.ApiError;
import dev.gatehouse.shared.error.ErrorCode;
import dev.gatehouse.shared.trust.EdgeAssertion;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Optional;

/**
 * Believes a request only as far as its edge assertion goes: without a valid one (missing, expired,
 * signed with another key, altered, unsigned) the answer is 401 {@code invalid_assertion}. The
 * client IP comes from the assertion and replaces whatever {@code X-Forwarded-For} says, for the
 * backends and local services behind. Without a configured key (an agent on loopback) the socket
 * address stands in for the client IP.
 */
public final class AssertionHandler implements Handler<RoutingContext> {

  /** Where the client IP is kept for later handlers. */
  public static final String CLIENT_IP = "gatehouse.clientIp";

  /** Tokens already checked, until they expire: the edge reuses a token for many requests. */
  static final int MAX_CHECKED = 100_000;

  private record Checked(String clientIp, long expiresAtSeconds) {}

  private final Optional<JWTAuth> jwt;
  private final Cache<String, Checked> checked =
      Caffeine.newBuilder().maximumSize(MAX_CHECKED).build();

  public AssertionHandler(Vertx vertx, TrustConfig config) {
    this.jwt =
        config
            .edgePublicKey()
            .map(
                key ->
                    JWTAuth.create(
                        vertx,
                        new JWTAuthOptions()
                            .addPubSecKey(
                                new PubSecKeyOptions()
                                    .setAlgorithm(EdgeAssertion.ALGORITHM)
                                    .setBuffer(key))
                            .setJWTOptions(
                                new JWTOptions()
                                    .setIssuer(EdgeAssertion.ISSUER)
                                    .setAudience(List.of(EdgeAssertion.AUDIENCE))
                                    .setLeeway((int) config.clockSkew().toSeconds()))));
  }

  @Override
  public void handle(RoutingContext ctx) {
    MultiMap headers = ctx.request().headers();
    String token = headers.get(EdgeAssertion.HEADER);
    headers.remove(EdgeAssertion.HEADER);
    if (jwt.isEmpty()) {
      proceed(ctx, ctx.request().remoteAddress().hostAddress());
      return;
    }
    if (token == null) {
      ctx.fail(new ApiError(ErrorCode.INVALID_ASSERTION));
      return;
    }
    Checked known = checked.getIfPresent(token);
    if (known != null && System.currentTimeMillis() / 1000 < known.expiresAtSeconds()) {
      proceed(ctx, known.clientIp());
      return;
    }
    ctx.request().pause();
    jwt.get()
        .authenticate(new TokenCredentials(token))
        .map(
            user ->
                new Checked(
                    user.principal().getString(EdgeAssertion.CLIENT_IP),
                    // Vert.x keeps the token's times among the user's attributes.
                    user.attributes().getLong("exp", user.principal().getLong("exp", 0L))))
        .onComplete(
            result -> {
              ctx.request().resume();
              if (result.succeeded() && result.result().clientIp() != null) {
                checked.put(token, result.result());
                proceed(ctx, result.result().clientIp());
              } else {
                ctx.fail(new ApiError(ErrorCode.INVALID_ASSERTION));
              }
            });
  }

  private static void proceed(RoutingContext ctx, String clientIp) {
    ctx.put(CLIENT_IP, clientIp);
    ctx.request().headers().set("X-Forwarded-For", clientIp);
    ctx.next();
  }
}
