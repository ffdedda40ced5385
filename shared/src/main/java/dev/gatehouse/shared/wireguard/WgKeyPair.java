package dev.gatehouse.shared.wireguard;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.XECPrivateKey;
import java.security.interfaces.XECPublicKey;
import java.util.Base64;

/**
 * A WireGuard key pair, made by the JDK's X25519 (no {@code wg} binary needed), in WireGuard's
 * form: 32 raw bytes each, base64. The public key is the curve point's u-coordinate, little-endian.
 */
public record WgKeyPair(String privateKey, String publicKey) {

  public static WgKeyPair generate() {
    try {
      KeyPair pair = KeyPairGenerator.getInstance("X25519").generateKeyPair();
      byte[] scalar = ((XECPrivateKey) pair.getPrivate()).getScalar().orElseThrow();
      BigInteger u = ((XECPublicKey) pair.getPublic()).getU();
      return new WgKeyPair(base64(scalar), base64(littleEndian(u)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this Java runtime has no X25519", e);
    }
  }

  private static byte[] littleEndian(BigInteger value) {
    byte[] bigEndian = value.toByteArray();
    byte[] out = new byte[32];
    for (int i = 0; i < out.length && i < bigEndian.length; i++) {
      out[i] = bigEndian[bigEndian.length - 1 - i];
    }
    return out;
  }

  private static String base64(byte[] bytes) {
    return Base64.getEncoder().encodeToString(bytes);
  }

  /** Never prints the private key. */
  @Override
  public String toString() {
    return "WgKeyPair[publicKey=" + publicKey + "]";
  }
}
