package dev.gatehouse.agent.trust;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import dev.gatehouse.shared.error.ApiError;
import dev.gatehouse.shared.error.ErrorCode;
import dev.gatehouse.shared.trust.EdgeAssertion;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.User;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import java.util.Objects;

/**
 * Checks an edge assertion against the edge's public key and against the request it came with: the
 * method and path served here, the route covering that path, the request id, the deadline header,
 * and an expiry. A request id already seen within its assertion's lifetime is a replay.
 */
public final class AssertionVerifier {

  /** The request as this agent received it. */
  public record Received(String method, String path, String requestId, String deadline) {}

  /** Request ids seen while their assertions live; beyond this many, the oldest are forgotten. */
  static final int MAX_SEEN = 100_000;

  private final JWTAuth jwt;
  private final long skewMillis;
  private final Cache<String, Long> seen;

  public AssertionVerifier(Vertx vertx, TrustConfig config) {
    this.jwt =
        EdgeAssertion.verifier(vertx, config.edgePublicKey().orElseThrow(), config.clockSkew());
    this.skewMillis = config.clockSkew().toMillis();
    this.seen = Caffeine.newBuilder().maximumSize(MAX_SEEN).expireAfter(new UntilExpiry()).build();
  }

  /** The client IP {@code token} vouches for; fails with 401 {@code invalid_assertion}. */
  public Future<String> verify(String token, Received request) {
    if (token == null) {
      return refused();
    }
    return jwt.authenticate(new TokenCredentials(token))
        .transform(
            result ->
                result.succeeded() && matches(result.result(), request)
                    ? Future.succeededFuture(
                        result.result().principal().getString(EdgeAssertion.CLIENT_IP))
                    : refused());
  }

  private boolean matches(User user, Received request) {
    JsonObject claims = user.principal();
    // Vert.x moves the token's times from the claims to the user's attributes.
    Long expires = user.attributes().getLong("exp", claims.getLong("exp"));
    String route = claims.getString(EdgeAssertion.ROUTE);
    return expires != null
        && claims.getString(EdgeAssertion.CLIENT_IP) != null
        && request.method().equals(claims.getString(EdgeAssertion.METHOD))
        && request.path().equals(claims.getString(EdgeAssertion.PATH))
        && route != null
        && covers(route, request.path())
        && request.requestId() != null
        && request.requestId().equals(claims.getString(EdgeAssertion.REQUEST_ID))
        && Objects.equals(
            request.deadline(), String.valueOf(claims.getLong(EdgeAssertion.DEADLINE)))
        && firstSight(request.requestId(), expires * 1000 + skewMillis);
  }

  /** A route as the edge writes it: the path itself, or a prefix ending in {@code /*}. */
  private static boolean covers(String route, String path) {
    return route.endsWith("/*")
        ? path.startsWith(route.substring(0, route.length() - 1))
        : route.equals(path);
  }

  private boolean firstSight(String requestId, long forgetAtMillis) {
    return seen.asMap().putIfAbsent(requestId, forgetAtMillis) == null;
  }

  private static Future<String> refused() {
    return Future.failedFuture(new ApiError(ErrorCode.INVALID_ASSERTION));
  }

  /** A seen request id is kept until its assertion could no longer be accepted anyway. */
  private static final class UntilExpiry implements Expiry<String, Long> {

    @Override
    public long expireAfterCreate(String id, Long forgetAtMillis, long now) {
      return Math.max(0, forgetAtMillis - System.currentTimeMillis()) * 1_000_000L;
    }

    @Override
    public long expireAfterUpdate(String id, Long forgetAtMillis, long now, long current) {
      return current;
    }

    @Override
    public long expireAfterRead(String id, Long forgetAtMillis, long now, long current) {
      return current;
    }
  }
}
