package dev.gatehouse.shared.trust;

import dev.gatehouse.shared.config.ConfigNode;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import java.time.Duration;
import java.util.List;

/**
 * The edge's signed statement about a request it forwards: a short-lived JWT (ES256) in one header,
 * signed with the edge's private key and checked with its public key on the agent.
 *
 * <pre>
 *   X-Gatehouse-Assertion: eyJhbGciOiJFUzI1NiJ9.{"ip":"203.0.113.7","key":"website",
 *       "route":"/api/register","iss":"gatehouse-edge","aud":"gatehouse-agent",
 *       "iat":…,"exp":…}.signature
 * </pre>
 *
 * <p>It states who the client is, not which request this is: the request id travels in {@code
 * X-Request-Id}. That lets the edge sign once per client, key and route, and the agent check a
 * token once, instead of an ECDSA operation per request.
 */
public final class EdgeAssertion {

  public static final String HEADER = "X-Gatehouse-Assertion";
  public static final String ALGORITHM = "ES256";
  public static final String ISSUER = "gatehouse-edge";
  public static final String AUDIENCE = "gatehouse-agent";
  public static final String CLIENT_IP = "ip";
  public static final String KEY_NAME = "key";
  public static final String ROUTE = "route";

  private EdgeAssertion() {}

  /** Signs assertions with {@code privatePem}, a PKCS#8 P-256 key. */
  public static JWTAuth signer(Vertx vertx, Buffer privatePem) {
    return JWTAuth.create(vertx, new JWTAuthOptions().addPubSecKey(key(privatePem)));
  }

  /** Checks assertions against {@code publicPem}, issuer and audience, allowing {@code skew}. */
  public static JWTAuth verifier(Vertx vertx, Buffer publicPem, Duration skew) {
    return JWTAuth.create(
        vertx,
        new JWTAuthOptions()
            .addPubSecKey(key(publicPem))
            .setJWTOptions(
                new JWTOptions()
                    .setIssuer(ISSUER)
                    .setAudience(List.of(AUDIENCE))
                    .setLeeway((int) skew.toSeconds())));
  }

  private static PubSecKeyOptions key(Buffer pem) {
    return new PubSecKeyOptions().setAlgorithm(ALGORITHM).setBuffer(pem);
  }

  /** A PEM key file named under {@code key}, read once at start-up. */
  public static Buffer readPem(ConfigNode node, String key, String expectedHeader) {
    String text = node.secretFile(key).orElseThrow(() -> node.error(key, "is required"));
    if (!text.contains("-----BEGIN " + expectedHeader + "-----")) {
      throw node.error(
          key,
          node.string(key)
              + " is not a PEM "
              + expectedHeader.toLowerCase()
              + " (make one with: gatehouse keygen edge-keys)");
    }
    return Buffer.buffer(text + "\n");
  }
}
