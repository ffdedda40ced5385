package dev.gatehouse.shared.trust;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
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

  static final String HEADER =
      base64("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
  private static final String PREFIX = HEADER + ".";
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
    String input = PREFIX + base64(claims.toBuffer().getBytes());
    return input + "." + base64(mac(input));
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
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
