package dev.gatehouse.shared.trust;

import dev.gatehouse.shared.config.ConfigNode;
import dev.gatehouse.shared.http.GatehouseHeaders;
import io.vertx.core.buffer.Buffer;

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
 * cheap ({@link Ed25519Tokens}: tens of microseconds, where ECDSA P-256 costs the JDK about half a
 * millisecond) while the agent holds only a public key, so a compromised agent cannot speak for the
 * edge.
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
    Buffer pem = Buffer.buffer(text + "\n");
    try {
      if (expectedHeader.equals("PRIVATE KEY")) {
        Ed25519Tokens.privateKey(pem);
      } else {
        Ed25519Tokens.publicKey(pem);
      }
    } catch (IllegalArgumentException e) {
      throw node.error(
          key,
          node.string(key)
              + " is not an Ed25519 key (keys of older versions were P-256; make a new pair with:"
              + " gatehouse keygen edge-keys)");
    }
    return pem;
  }
}
