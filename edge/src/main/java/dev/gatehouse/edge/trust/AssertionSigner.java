package dev.gatehouse.edge.trust;

import dev.gatehouse.shared.trust.EdgeAssertion;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import java.util.List;

/**
 * Signs the edge assertion of each forwarded request, bound to that request: who asked (client IP,
 * key name) and what exactly (method, path, route, request id, deadline). One Ed25519 signature per
 * request; one signer per event loop.
 */
public final class AssertionSigner {

  /** The facts one assertion states; {@code keyName} is null on routes without an API key. */
  public record Request(
      String clientIp,
      String keyName,
      String route,
      String method,
      String path,
      String requestId,
      long deadlineMillis) {}

  private final JWTAuth jwt;
  private final JWTOptions options;

  public AssertionSigner(Vertx vertx, AssertionConfig config) {
    this.jwt = EdgeAssertion.signer(vertx, config.signingKey().orElseThrow());
    this.options =
        new JWTOptions()
            .setAlgorithm(EdgeAssertion.ALGORITHM)
            .setIssuer(EdgeAssertion.ISSUER)
            .setAudience(List.of(EdgeAssertion.AUDIENCE))
            .setExpiresInSeconds((int) config.ttl().toSeconds());
  }

  public String sign(Request request) {
    JsonObject claims =
        new JsonObject()
            .put(EdgeAssertion.CLIENT_IP, request.clientIp())
            .put(EdgeAssertion.ROUTE, request.route())
            .put(EdgeAssertion.METHOD, request.method())
            .put(EdgeAssertion.PATH, request.path())
            .put(EdgeAssertion.REQUEST_ID, request.requestId())
            .put(EdgeAssertion.DEADLINE, request.deadlineMillis());
    if (request.keyName() != null) {
      claims.put(EdgeAssertion.KEY_NAME, request.keyName());
    }
    return jwt.generateToken(claims, options);
  }
}
