package dev.gatehouse.edge.trust;

import dev.gatehouse.shared.stream.StreamAssertion;
import dev.gatehouse.shared.trust.Ed25519Tokens;
import dev.gatehouse.shared.trust.EdgeAssertion;
import io.vertx.core.json.JsonObject;
import java.util.UUID;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;

/**
 * Signs the edge assertion of each forwarded request, bound to that request: who asked (client IP,
 * key name) and what exactly (method, path, route, request id, deadline). One Ed25519 signature per
 * request.
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

  private final Ed25519PrivateKeyParameters key;
  private final long ttlSeconds;

  public AssertionSigner(AssertionConfig config) {
    this.key = Ed25519Tokens.privateKey(config.signingKey().orElseThrow());
    this.ttlSeconds = config.ttl().toSeconds();
  }

  /** The line that opens TCP stream {@code stream} for a client, valid once and for seconds. */
  public String signStream(String stream, String clientIp, int clientPort) {
    return signStream(stream, StreamAssertion.TCP, clientIp, clientPort);
  }

  /** The line that opens {@code stream} over {@code protocol} ({@code tcp} or {@code udp}). */
  public String signStream(String stream, String protocol, String clientIp, int clientPort) {
    long now = System.currentTimeMillis() / 1000;
    JsonObject claims =
        new JsonObject()
            .put(StreamAssertion.STREAM, stream)
            .put(StreamAssertion.PROTOCOL, protocol)
            .put(StreamAssertion.CLIENT_IP, clientIp)
            .put(StreamAssertion.CLIENT_PORT, clientPort)
            .put(StreamAssertion.ID, UUID.randomUUID().toString())
            .put("iss", EdgeAssertion.ISSUER)
            .put("aud", StreamAssertion.AUDIENCE)
            .put("iat", now)
            .put("exp", now + ttlSeconds);
    return Ed25519Tokens.sign(key, claims);
  }

  public String sign(Request request) {
    long now = System.currentTimeMillis() / 1000;
    JsonObject claims =
        new JsonObject()
            .put(EdgeAssertion.CLIENT_IP, request.clientIp())
            .put(EdgeAssertion.ROUTE, request.route())
            .put(EdgeAssertion.METHOD, request.method())
            .put(EdgeAssertion.PATH, request.path())
            .put(EdgeAssertion.REQUEST_ID, request.requestId())
            .put(EdgeAssertion.DEADLINE, request.deadlineMillis())
            .put("iss", EdgeAssertion.ISSUER)
            .put("aud", EdgeAssertion.AUDIENCE)
            .put("iat", now)
            .put("exp", now + ttlSeconds);
    if (request.keyName() != null) {
      claims.put(EdgeAssertion.KEY_NAME, request.keyName());
    }
    return Ed25519Tokens.sign(key, claims);
  }
}
