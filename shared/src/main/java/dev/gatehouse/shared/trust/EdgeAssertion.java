package dev.gatehouse.shared.trust;

import dev.gatehouse.shared.config.ConfigNode;
import dev.gatehouse.shared.http.GatehouseHeaders;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import java.time.Duration;
import java.util.List;

/**
 * The edge's signed statement about one request it forwards: a short-lived JWT (EdDSA, Ed25519) in
 * one header, signed with the edge's private key and checked with its public key on the agent.
 *
 * <pre>
 *   X-Gatehouse-Assertion: eyJhbGciOiJFZERTQSJ9.{"ip":"203.0.113.7","key":"website",
 *       "route":"/api/register","method":"POST","path":"/api/register","rid":"…",
 *       "deadline":1764000000000,"iss":"gatehouse-edge","aud":"gatehouse-agent",
 *       "iat":…,"exp":…}.signature
 * </pre>
 *
 * <p>Bound to its request (method, forwarded path, route, request id, deadline) so it cannot be
 * replayed for another request, nor for the same one twice. Ed25519 keeps one signature per request
 * cheap (tens of microseconds, where ECDSA P-256 costs the JDK about half a millisecond) while the
 * agent holds only a public key, so a compromised agent cannot speak for the edge.
 */
public final class EdgeAssertion {

  public static final String HEADER = "X-Gatehouse-Assertion";
  public static final String ALGORITHM = "EdDSA";

  /** Epoch milliseconds by which the edge needs the whole answer; also a claim of the same name. */
  public static final String DEADLINE_HEADER = GatehouseHeaders.DEADLINE;

  public static final String ISSUER = "gatehouse-edge";
  public static final String AUDIENCE = "gatehouse-agent";
  public static final String CLIENT_IP = "ip";
  public static final String KEY_NAME = "key";
  public static final String ROUTE = "route";
  public static final String METHOD = "method";
  public static final String PATH = "path";
  public static final String REQUEST_ID = "rid";
  public static final String DEADLINE = "deadline";

  private EdgeAssertion() {}

  /** Signs assertions with {@code privatePem}, a PKCS#8 Ed25519 key. */
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
