package dev.gatehouse.edge.trust;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.gatehouse.shared.trust.EdgeAssertion;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import java.util.List;

/**
 * Signs the edge assertions of forwarded requests. An ECDSA signature costs the JDK about half a
 * millisecond of CPU, so one assertion serves every request of the same client IP, API key and
 * route for half its lifetime; the request id travels unsigned in {@code X-Request-Id}, it decides
 * nothing. One signer per event loop.
 */
public final class AssertionSigner {

  private record Subject(String clientIp, String keyName, String route) {}

  private record Signed(String token, long reuseUntilNanos) {}

  static final int MAX_REUSED = 10_000;

  private final JWTAuth jwt;
  private final JWTOptions options;
  private final long reuseNanos;
  private final Cache<Subject, Signed> signed =
      Caffeine.newBuilder().maximumSize(MAX_REUSED).build();

  public AssertionSigner(Vertx vertx, AssertionConfig config) {
    this.jwt = EdgeAssertion.signer(vertx, config.signingKey().orElseThrow());
    this.options =
        new JWTOptions()
            .setAlgorithm(EdgeAssertion.ALGORITHM)
            .setIssuer(EdgeAssertion.ISSUER)
            .setAudience(List.of(EdgeAssertion.AUDIENCE))
            .setExpiresInSeconds((int) config.ttl().toSeconds());
    this.reuseNanos = config.ttl().toNanos() / 2;
  }

  /** The assertion for a request; {@code keyName} is null on routes without an API key. */
  public String sign(String clientIp, String keyName, String route) {
    Subject subject = new Subject(clientIp, keyName, route);
    long now = System.nanoTime();
    Signed reusable = signed.getIfPresent(subject);
    if (reusable != null && now - reusable.reuseUntilNanos() < 0) {
      return reusable.token();
    }
    JsonObject claims =
        new JsonObject().put(EdgeAssertion.CLIENT_IP, clientIp).put(EdgeAssertion.ROUTE, route);
    if (keyName != null) {
      claims.put(EdgeAssertion.KEY_NAME, keyName);
    }
    String token = jwt.generateToken(claims, options);
    signed.put(subject, new Signed(token, now + reuseNanos));
    return token;
  }
}
