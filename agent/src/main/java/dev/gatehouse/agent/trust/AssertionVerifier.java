package dev.gatehouse.agent.trust;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.gatehouse.shared.error.ApiError;
import dev.gatehouse.shared.error.ErrorCode;
import dev.gatehouse.shared.trust.EdgeAssertion;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;

/**
 * Checks edge assertions against the edge's public key and says which client they vouch for. A
 * token already checked is believed until it expires: the edge reuses one for many requests.
 */
public final class AssertionVerifier {

  static final int MAX_CHECKED = 100_000;

  private record Checked(String clientIp, long expiresAtSeconds) {}

  private final JWTAuth jwt;
  private final Cache<String, Checked> checked =
      Caffeine.newBuilder().maximumSize(MAX_CHECKED).build();

  public AssertionVerifier(Vertx vertx, TrustConfig config) {
    this.jwt =
        EdgeAssertion.verifier(vertx, config.edgePublicKey().orElseThrow(), config.clockSkew());
  }

  /** The client IP {@code token} vouches for; fails with 401 {@code invalid_assertion}. */
  public Future<String> verify(String token) {
    if (token == null) {
      return Future.failedFuture(new ApiError(ErrorCode.INVALID_ASSERTION));
    }
    Checked known = checked.getIfPresent(token);
    if (known != null && System.currentTimeMillis() / 1000 < known.expiresAtSeconds()) {
      return Future.succeededFuture(known.clientIp());
    }
    return jwt.authenticate(new TokenCredentials(token))
        .map(
            user ->
                new Checked(
                    user.principal().getString(EdgeAssertion.CLIENT_IP),
                    // Vert.x keeps the token's times among the user's attributes.
                    user.attributes().getLong("exp", user.principal().getLong("exp", 0L))))
        .transform(
            result -> {
              if (result.failed() || result.result().clientIp() == null) {
                return Future.failedFuture(new ApiError(ErrorCode.INVALID_ASSERTION));
              }
              checked.put(token, result.result());
              return Future.succeededFuture(result.result().clientIp());
            });
  }
}
