package dev.gatehouse.edge.trust;

import dev.gatehouse.shared.trust.EdgeAssertion;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import java.util.List;

/** Signs the edge assertion of each forwarded request. One per event loop. */
public final class AssertionSigner {

  private final JWTAuth jwt;
  private final JWTOptions options;

  public AssertionSigner(Vertx vertx, AssertionConfig config) {
    this.jwt =
        JWTAuth.create(
            vertx,
            new JWTAuthOptions()
                .addPubSecKey(
                    new PubSecKeyOptions()
                        .setAlgorithm(EdgeAssertion.ALGORITHM)
                        .setBuffer(config.signingKey().orElseThrow())));
    this.options =
        new JWTOptions()
            .setAlgorithm(EdgeAssertion.ALGORITHM)
            .setIssuer(EdgeAssertion.ISSUER)
            .setAudience(List.of(EdgeAssertion.AUDIENCE))
            .setExpiresInSeconds((int) config.ttl().toSeconds());
  }

  /** The assertion for one request; {@code keyName} is null on routes without an API key. */
  public String sign(String clientIp, String keyName, String requestId, String route) {
    JsonObject claims =
        new JsonObject()
            .put(EdgeAssertion.CLIENT_IP, clientIp)
            .put(EdgeAssertion.REQUEST_ID, requestId)
            .put(EdgeAssertion.ROUTE, route);
    if (keyName != null) {
      claims.put(EdgeAssertion.KEY_NAME, keyName);
    }
    return jwt.generateToken(claims, options);
  }
}
