package dev.gatehouse.edge.admin.auth;

import dev.gatehouse.edge.config.AdminAuthConfig;
import dev.gatehouse.edge.config.Operator;
import dev.gatehouse.edge.config.Role;
import dev.gatehouse.shared.error.ApiError;
import dev.gatehouse.shared.error.ErrorCode;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.User;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

/**
 * Short-lived access tokens: JWTs signed with the {@link TokenKey}, carrying {@code iss}, {@code
 * aud}, {@code sub}, {@code iat}, {@code exp}, {@code jti} and the operator's {@code role}. Only
 * {@value TokenKey#ALGORITHM} is accepted, whatever a token's header claims, and a token without
 * {@code exp} is refused: it would never end.
 */
public final class AccessTokens {

  private final JWTAuth jwt;
  private final JWTOptions signing;
  private final int ttlSeconds;

  public AccessTokens(Vertx vertx, TokenKey key, AdminAuthConfig config) {
    this.ttlSeconds = (int) config.accessTokenTtl().toSeconds();
    this.signing =
        new JWTOptions()
            .setAlgorithm(TokenKey.ALGORITHM)
            .setIssuer(config.issuer())
            .setAudience(List.of(AdminAuthConfig.AUDIENCE))
            .setExpiresInSeconds(ttlSeconds);
    this.jwt =
        JWTAuth.create(
            vertx,
            new JWTAuthOptions()
                .addPubSecKey(
                    new PubSecKeyOptions()
                        .setAlgorithm(TokenKey.ALGORITHM)
                        .setBuffer(key.privatePem()))
                .addPubSecKey(
                    new PubSecKeyOptions()
                        .setAlgorithm(TokenKey.ALGORITHM)
                        .setBuffer(key.publicPem()))
                .setJWTOptions(
                    new JWTOptions()
                        .setIssuer(config.issuer())
                        .setAudience(List.of(AdminAuthConfig.AUDIENCE))));
  }

  public String issue(Operator operator) {
    return jwt.generateToken(
        new JsonObject()
            .put("sub", operator.name())
            .put("role", operator.role().label())
            .put("jti", UUID.randomUUID().toString()),
        new JWTOptions(signing));
  }

  public int ttlSeconds() {
    return ttlSeconds;
  }

  /** The operator {@code token} speaks for; fails with the {@link ApiError} to answer. */
  public Future<Principal> verify(String token) {
    if (!TokenKey.ALGORITHM.equals(part(token, 0).getString("alg", ""))) {
      return Future.failedFuture(new ApiError(ErrorCode.INVALID_TOKEN));
    }
    return jwt.authenticate(new TokenCredentials(token))
        .recover(
            failure ->
                Future.failedFuture(
                    new ApiError(
                        expired(token) ? ErrorCode.TOKEN_EXPIRED : ErrorCode.INVALID_TOKEN)))
        .compose(AccessTokens::principal);
  }

  /**
   * Whether the refused {@code token} says it has expired: only to tell a client to refresh rather
   * than log in again (the library reports a future {@code nbf} as expired too).
   */
  private static boolean expired(String token) {
    return part(token, 1).getValue("exp") instanceof Number exp
        && exp.longValue() * 1000 <= System.currentTimeMillis();
  }

  private static Future<Principal> principal(User user) {
    JsonObject claims = user.attributes().getJsonObject("accessToken", new JsonObject());
    if (!(claims.getValue("exp") instanceof Number)
        || !(claims.getValue("sub") instanceof String name)
        || !(claims.getValue("role") instanceof String role)
        || !List.of("viewer", "operator").contains(role)) {
      return Future.failedFuture(new ApiError(ErrorCode.INVALID_TOKEN));
    }
    return Future.succeededFuture(new Principal(name, Role.of(role)));
  }

  /** The header (0) or the claims (1) of {@code token}, unverified; empty when unreadable. */
  private static JsonObject part(String token, int index) {
    String[] parts = token.split("\\.", -1);
    if (parts.length != 3) {
      return new JsonObject();
    }
    try {
      return new JsonObject(
          new String(Base64.getUrlDecoder().decode(parts[index]), StandardCharsets.UTF_8));
    } catch (IllegalArgumentException | DecodeException | ClassCastException e) {
      return new JsonObject();
    }
  }
}
