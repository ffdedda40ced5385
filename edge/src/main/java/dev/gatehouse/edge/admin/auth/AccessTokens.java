package dev.gatehouse.edge.admin.auth;

import dev.gatehouse.edge.config.AdminAuthConfig;
import dev.gatehouse.edge.config.Operator;
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
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * Short-lived access tokens: JWTs signed with the {@link TokenKey}, carrying {@code iss}, {@code
 * aud}, {@code sub}, {@code iat}, {@code exp}, {@code jti}, the operator's {@code role} and the
 * login it belongs to ({@code fam}, the refresh token family). Only {@value TokenKey#ALGORITHM} is
 * accepted, whatever a token's header claims, and a token without {@code exp} is refused: it would
 * never end. A token holds only while its login does (not logged out, not revoked for a reused
 * refresh token) and its operator is still configured, with the role the config gives now.
 */
public final class AccessTokens {

  /** The claim naming the login a token belongs to. */
  static final String FAMILY = "fam";

  private final JWTAuth jwt;
  private final JWTAuth signedOnly;
  private final JWTOptions signing;
  private final int ttlSeconds;
  private final Map<String, Operator> operators;
  private final Predicate<String> liveLogin;

  /** {@code liveLogin}: whether a login (a refresh token family) still holds. */
  public AccessTokens(
      Vertx vertx, TokenKey key, AdminAuthConfig config, Predicate<String> liveLogin) {
    this.operators = config.operators();
    this.liveLogin = liveLogin;
    this.ttlSeconds = (int) config.accessTokenTtl().toSeconds();
    this.signing =
        new JWTOptions()
            .setAlgorithm(TokenKey.ALGORITHM)
            .setIssuer(config.issuer())
            .setAudience(List.of(AdminAuthConfig.AUDIENCE))
            .setExpiresInSeconds(ttlSeconds);
    this.jwt = JWTAuth.create(vertx, options(key, config, false));
    // Only to tell an expired token of ours from a forged one that claims to have expired.
    this.signedOnly = JWTAuth.create(vertx, options(key, config, true));
  }

  private static JWTAuthOptions options(TokenKey key, AdminAuthConfig config, boolean anyExpiry) {
    return new JWTAuthOptions()
        .addPubSecKey(
            new PubSecKeyOptions().setAlgorithm(TokenKey.ALGORITHM).setBuffer(key.privatePem()))
        .addPubSecKey(
            new PubSecKeyOptions().setAlgorithm(TokenKey.ALGORITHM).setBuffer(key.publicPem()))
        .setJWTOptions(
            new JWTOptions()
                .setIssuer(config.issuer())
                .setAudience(List.of(AdminAuthConfig.AUDIENCE))
                .setIgnoreExpiration(anyExpiry));
  }

  /** A token for {@code operator} in the login {@code family}. */
  public String issue(Operator operator, String family) {
    return jwt.generateToken(
        new JsonObject()
            .put("sub", operator.name())
            .put("role", operator.role().label())
            .put(FAMILY, family)
            .put("jti", UUID.randomUUID().toString()),
        new JWTOptions(signing));
  }

  public int ttlSeconds() {
    return ttlSeconds;
  }

  /** The operator {@code token} speaks for; fails with the {@link ApiError} to answer. */
  public Future<Principal> verify(String token) {
    JsonObject header = part(token, 0);
    // No extension of ours is critical (RFC 7515, 4.1.11): a token that names one is refused.
    if (!TokenKey.ALGORITHM.equals(header.getString("alg", "")) || header.containsKey("crit")) {
      return Future.failedFuture(new ApiError(ErrorCode.INVALID_TOKEN));
    }
    return authenticate(jwt, token).recover(failure -> refused(token)).compose(this::principal);
  }

  /** The library's check; a claim of the wrong type makes it throw, which is a refusal too. */
  private static Future<User> authenticate(JWTAuth auth, String token) {
    try {
      return auth.authenticate(new TokenCredentials(token));
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }

  /**
   * {@code token_expired} for a token of ours that has expired, so that the client refreshes rather
   * than logs in again; {@code invalid_token} for anything else, a forgery that claims an expiry
   * among them (the library reports a future {@code nbf} as expired too).
   */
  private Future<User> refused(String token) {
    boolean expired =
        part(token, 1).getValue("exp") instanceof Number exp
            && exp.longValue() * 1000 <= System.currentTimeMillis();
    Future<Void> ours =
        expired ? authenticate(signedOnly, token).<Void>mapEmpty() : Future.failedFuture("refused");
    return ours.transform(
        signed ->
            Future.failedFuture(
                new ApiError(
                    signed.succeeded() ? ErrorCode.TOKEN_EXPIRED : ErrorCode.INVALID_TOKEN)));
  }

  private Future<Principal> principal(User user) {
    JsonObject claims = user.attributes().getJsonObject("accessToken", new JsonObject());
    if (!(claims.getValue("exp") instanceof Number)
        || !(claims.getValue("sub") instanceof String name)
        || !(claims.getValue("role") instanceof String role)
        || !List.of("viewer", "operator").contains(role)) {
      return Future.failedFuture(new ApiError(ErrorCode.INVALID_TOKEN));
    }
    Operator operator = operators.get(name);
    if (operator == null
        || !(claims.getValue(FAMILY) instanceof String family)
        || !liveLogin.test(family)) {
      return Future.failedFuture(new ApiError(ErrorCode.LOGIN_ENDED));
    }
    return Future.succeededFuture(new Principal(name, operator.role()));
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
