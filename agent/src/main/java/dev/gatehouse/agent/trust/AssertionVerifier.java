package dev.gatehouse.agent.trust;

import dev.gatehouse.shared.error.ApiError;
import dev.gatehouse.shared.error.ErrorCode;
import dev.gatehouse.shared.trust.EdgeAssertion;
import dev.gatehouse.shared.trust.HmacTokens;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.Objects;
import java.util.Optional;

/**
 * Checks an edge assertion against the secret shared with the edge and against the request it came
 * with: the method and path served here, the route covering that path, the request id, the deadline
 * and timeout headers, and an expiry. An assertion whose nonce was already seen within its lifetime
 * is a replay.
 */
public final class AssertionVerifier {

  /** The request as this agent received it. */
  public record Received(
      String method, String path, String requestId, String deadline, String timeout) {}

  private final HmacTokens tokens;
  private final long skewSeconds;
  private final ReplayGuard replays;

  public AssertionVerifier(TrustConfig config) {
    this(config, new ReplayGuard(ReplayGuard.DEFAULT_CAPACITY));
  }

  AssertionVerifier(TrustConfig config, ReplayGuard replays) {
    this.tokens = new HmacTokens(config.edgeSecret().orElseThrow());
    this.skewSeconds = config.clockSkew().toSeconds();
    this.replays = replays;
  }

  /**
   * The client IP {@code token} vouches for; fails with 401 {@code invalid_assertion}, or with 503
   * {@code overloaded} when more assertions live than this agent can tell replays among.
   */
  public Future<String> verify(String token, Received request) {
    Optional<JsonObject> valid =
        Optional.ofNullable(token)
            .flatMap(tokens::verify)
            .filter(claims -> current(claims) && matches(claims, request));
    if (valid.isEmpty()) {
      return Future.failedFuture(new ApiError(ErrorCode.INVALID_ASSERTION));
    }
    JsonObject claims = valid.get();
    return switch (replays.see(
        claims.getString(EdgeAssertion.NONCE), claims.getLong("exp") + skewSeconds)) {
      case FIRST -> Future.succeededFuture(claims.getString(EdgeAssertion.CLIENT_IP));
      case REPLAY -> Future.failedFuture(new ApiError(ErrorCode.INVALID_ASSERTION));
      case FULL ->
          Future.failedFuture(
              new ApiError(
                  ErrorCode.OVERLOADED,
                  "More requests at once than the agent can check for replays; try again"
                      + " shortly."));
    };
  }

  /** From this edge, for agents, and within its lifetime (give or take the clock skew). */
  private boolean current(JsonObject claims) {
    long now = System.currentTimeMillis() / 1000;
    Long expires = claims.getLong("exp");
    Long issued = claims.getLong("iat");
    return EdgeAssertion.ISSUER.equals(claims.getString("iss"))
        && EdgeAssertion.AUDIENCE.equals(claims.getString("aud"))
        && expires != null
        && issued != null
        && now <= expires + skewSeconds
        && issued <= now + skewSeconds
        && claims.getString(EdgeAssertion.CLIENT_IP) != null;
  }

  private boolean matches(JsonObject claims, Received request) {
    String route = claims.getString(EdgeAssertion.ROUTE);
    return request.method().equals(claims.getString(EdgeAssertion.METHOD))
        && request.path().equals(claims.getString(EdgeAssertion.PATH))
        && route != null
        && covers(route, request.path())
        && request.requestId() != null
        && request.requestId().equals(claims.getString(EdgeAssertion.REQUEST_ID))
        && Objects.equals(
            request.deadline(), String.valueOf(claims.getLong(EdgeAssertion.DEADLINE)))
        && Objects.equals(request.timeout(), text(claims.getLong(EdgeAssertion.TIMEOUT)))
        && claims.getString(EdgeAssertion.NONCE) != null;
  }

  private static String text(Long number) {
    return number == null ? null : number.toString();
  }

  /** A route as the edge writes it: the path itself, or a prefix ending in {@code /*}. */
  private static boolean covers(String route, String path) {
    return route.endsWith("/*")
        ? path.startsWith(route.substring(0, route.length() - 1))
        : route.equals(path);
  }
}
