package dev.gatehouse.edge.trust;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.gatehouse.shared.stream.StreamAssertion;
import dev.gatehouse.shared.trust.EdgeAssertion;
import dev.gatehouse.shared.trust.HmacTokens;
import dev.gatehouse.shared.trust.SharedSecret;
import io.netty.util.AsciiString;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Makes the edge assertion of each forwarded request, bound to that request: who asked (client IP,
 * key name) and what exactly (method, path, route, request id, deadline and timeout). One
 * HMAC-SHA-256 per request, under the secret of the upstream the request goes to.
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
      long deadlineMillis,
      long timeoutMillis) {}

  private static final ThreadLocal<ClaimsBuffer> CLAIMS =
      ThreadLocal.withInitial(ClaimsBuffer::new);

  private final HmacTokens tokens;
  private final long ttlSeconds;

  public AssertionSigner(SharedSecret secret, Duration ttl) {
    this.tokens = new HmacTokens(secret);
    this.ttlSeconds = ttl.toSeconds();
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
    return tokens.sign(claims);
  }

  public String sign(Request request) {
    return header(request).toString();
  }

  /**
   * The assertion of {@code request} as the bytes of its header value: the forwarder writes them
   * into the agent's request as they are, where a string would be copied and re-encoded.
   */
  public AsciiString header(Request request) {
    long now = System.currentTimeMillis() / 1000;
    ClaimsBuffer out = CLAIMS.get();
    out.reset();
    JsonGenerator claims = out.json;
    boolean whole = false;
    // Written field by field with Jackson's streaming writer (escaping included): this runs for
    // every forwarded request, and a JsonObject would build a map only to encode it.
    try {
      claims.writeStartObject();
      claims.writeStringField(EdgeAssertion.CLIENT_IP, request.clientIp());
      claims.writeStringField(EdgeAssertion.ROUTE, request.route());
      claims.writeStringField(EdgeAssertion.METHOD, request.method());
      claims.writeStringField(EdgeAssertion.PATH, request.path());
      claims.writeStringField(EdgeAssertion.REQUEST_ID, request.requestId());
      claims.writeNumberField(EdgeAssertion.DEADLINE, request.deadlineMillis());
      claims.writeNumberField(EdgeAssertion.TIMEOUT, request.timeoutMillis());
      claims.writeStringField("iss", EdgeAssertion.ISSUER);
      claims.writeStringField("aud", EdgeAssertion.AUDIENCE);
      claims.writeNumberField("iat", now);
      claims.writeNumberField("exp", now + ttlSeconds);
      // Unique, not secret (the MAC covers it): one random long, no SecureRandom per request.
      claims.writeStringField(
          EdgeAssertion.NONCE, Long.toHexString(ThreadLocalRandom.current().nextLong()));
      if (request.keyName() != null) {
        claims.writeStringField(EdgeAssertion.KEY_NAME, request.keyName());
      }
      claims.writeEndObject();
      claims.flush();
      whole = true;
    } catch (IOException e) {
      throw new UncheckedIOException("writing claims to memory failed", e);
    } finally {
      out.done(whole);
    }
    return new AsciiString(tokens.token(out.contents()), false);
  }

  /**
   * One per thread, emptied for each assertion: the claims are encoded straight from it. Its
   * generator stays open and writes one top-level object per assertion, as making and closing one
   * per request cost a tenth of the signing.
   */
  private static final class ClaimsBuffer extends ByteArrayOutputStream {

    private static final JsonFactory JSON = new JsonFactory();

    /** Past this the claims were unusual (a long path): the buffer is not kept for the next. */
    private static final int KEPT_BYTES = 16 * 1024;

    final JsonGenerator json;

    ClaimsBuffer() {
      super(512);
      try {
        json = JSON.createGenerator(this).setRootValueSeparator(null);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    /**
     * After an assertion: a buffer whose claims broke off (its generator may be left inside an
     * object) or grew past {@link #KEPT_BYTES} is dropped; the thread makes a new one.
     */
    void done(boolean whole) {
      if (!whole || buf.length > KEPT_BYTES) {
        CLAIMS.remove();
      }
    }

    ByteBuffer contents() {
      return ByteBuffer.wrap(buf, 0, count);
    }
  }
}
