package dev.gatehouse.shared.trust;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.bouncycastle.crypto.util.PublicKeyFactory;

/**
 * Compact JWTs signed with Ed25519 ({@code {"alg":"EdDSA"}}), through Bouncy Castle's lightweight
 * API: a signature costs tens of microseconds, cheap enough for one per request, where the JDK's
 * own EdDSA or ECDSA take ten times longer. Only the signature is checked here; the claims are the
 * caller's to judge.
 */
public final class Ed25519Tokens {

  private static final String HEADER =
      base64("{\"alg\":\"EdDSA\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
  private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

  private Ed25519Tokens() {}

  public static String sign(Ed25519PrivateKeyParameters key, JsonObject claims) {
    String input = HEADER + "." + base64(claims.toBuffer().getBytes());
    Ed25519Signer signer = new Ed25519Signer();
    signer.init(true, key);
    byte[] bytes = input.getBytes(StandardCharsets.US_ASCII);
    signer.update(bytes, 0, bytes.length);
    return input + "." + base64(signer.generateSignature());
  }

  /** The claims of {@code token} if {@code key} signed it, as this class signs; else empty. */
  public static Optional<JsonObject> verify(Ed25519PublicKeyParameters key, String token) {
    int first = token.indexOf('.');
    int second = token.indexOf('.', first + 1);
    if (first < 0 || second < 0 || !token.substring(0, first).equals(HEADER)) {
      return Optional.empty();
    }
    try {
      byte[] input = token.substring(0, second).getBytes(StandardCharsets.US_ASCII);
      byte[] signature = DECODER.decode(token.substring(second + 1));
      Ed25519Signer verifier = new Ed25519Signer();
      verifier.init(false, key);
      verifier.update(input, 0, input.length);
      if (!verifier.verifySignature(signature)) {
        return Optional.empty();
      }
      return Optional.of(
          new JsonObject(Buffer.buffer(DECODER.decode(token.substring(first + 1, second)))));
    } catch (IllegalArgumentException | DecodeException e) {
      return Optional.empty();
    }
  }

  /** The private key of a PKCS#8 PEM; fails unless it is an Ed25519 key. */
  public static Ed25519PrivateKeyParameters privateKey(Buffer pem) {
    try {
      if (PrivateKeyFactory.createKey(der(pem)) instanceof Ed25519PrivateKeyParameters key) {
        return key;
      }
    } catch (IOException | RuntimeException e) {
      // reported below
    }
    throw new IllegalArgumentException("not an Ed25519 private key");
  }

  /** The public key of an X.509 PEM; fails unless it is an Ed25519 key. */
  public static Ed25519PublicKeyParameters publicKey(Buffer pem) {
    try {
      if (PublicKeyFactory.createKey(der(pem)) instanceof Ed25519PublicKeyParameters key) {
        return key;
      }
    } catch (IOException | RuntimeException e) {
      // reported below
    }
    throw new IllegalArgumentException("not an Ed25519 public key");
  }

  private static byte[] der(Buffer pem) {
    String body = pem.toString().replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
    return Base64.getDecoder().decode(body);
  }

  private static String base64(byte[] bytes) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
