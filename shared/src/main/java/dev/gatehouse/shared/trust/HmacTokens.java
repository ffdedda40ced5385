package dev.gatehouse.shared.trust;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Compact JWTs MACed with HMAC-SHA-256 under one {@link SharedSecret}. The header is fixed, {@code
 * {"alg":"HS256","typ":"JWT"}}, and a token whose header differs by a byte is refused: the
 * algorithm is never chosen by the token, so there is no {@code none} and no key confusion. Only
 * the MAC is checked here; the claims are the caller's to judge.
 */
public final class HmacTokens {

  // Before HEADER, which uses it.
  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
  static final String HEADER =
      base64("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
  private static final String PREFIX = HEADER + ".";
  private static final byte[] PREFIX_BYTES = PREFIX.getBytes(StandardCharsets.US_ASCII);
  private static final String ALGORITHM = "HmacSHA256";
  private static final int MAC_BYTES = 32;
  private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

  // A Mac is not thread-safe, and making one costs more than using it: one per thread.
  private final ThreadLocal<Mac> macs;

  public HmacTokens(SharedSecret secret) {
    SecretKeySpec key = new SecretKeySpec(secret.bytes(), ALGORITHM);
    this.macs = ThreadLocal.withInitial(() -> newMac(key));
  }

  public String sign(JsonObject claims) {
    return sign(claims.toBuffer().getBytes());
  }

  /** A token of {@code claims}, the UTF-8 bytes of one JSON object. */
  public String sign(byte[] claims) {
    // Base64url is ASCII: the Latin-1 decoder copies the bytes as they are.
    return new String(token(ByteBuffer.wrap(claims)), StandardCharsets.ISO_8859_1);
  }

  /**
   * The token of the claims between {@code claims}' position and limit, as its ASCII bytes. Built
   * as bytes and MACed in place: the edge makes one per forwarded request and writes these bytes
   * into the request's head as they are, so no intermediate strings.
   */
  public byte[] token(ByteBuffer claims) {
    ByteBuffer payload = ENCODER.encode(claims);
    int length = payload.remaining();
    Mac mac = macs.get();
    mac.update(PREFIX_BYTES);
    mac.update(payload.array(), 0, length);
    byte[] tag = ENCODER.encode(mac.doFinal());
    byte[] token = new byte[PREFIX_BYTES.length + length + 1 + tag.length];
    System.arraycopy(PREFIX_BYTES, 0, token, 0, PREFIX_BYTES.length);
    System.arraycopy(payload.array(), 0, token, PREFIX_BYTES.length, length);
    token[PREFIX_BYTES.length + length] = '.';
    System.arraycopy(tag, 0, token, token.length - tag.length, tag.length);
    return token;
  }

  /**
   * The claims of {@code token} if it was MACed with this secret, as this class does; else empty.
   */
  public Optional<JsonObject> verify(String token) {
    if (token == null || !token.startsWith(PREFIX)) {
      return Optional.empty();
    }
    int dot = token.indexOf('.', PREFIX.length());
    if (dot < 0) {
      return Optional.empty();
    }
    try {
      byte[] claimed = DECODER.decode(token.substring(dot + 1));
      if (claimed.length != MAC_BYTES
          || !MessageDigest.isEqual(claimed, mac(token.substring(0, dot)))) {
        return Optional.empty();
      }
      return Optional.of(
          new JsonObject(Buffer.buffer(DECODER.decode(token.substring(PREFIX.length(), dot)))));
    } catch (IllegalArgumentException | DecodeException | ClassCastException e) {
      return Optional.empty();
    }
  }

  private byte[] mac(String input) {
    return macs.get().doFinal(input.getBytes(StandardCharsets.US_ASCII));
  }

  private static Mac newMac(SecretKeySpec key) {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(key);
      return mac;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this Java runtime has no " + ALGORITHM, e);
    }
  }

  private static String base64(byte[] bytes) {
    return ENCODER.encodeToString(bytes);
  }
}
