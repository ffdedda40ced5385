package dev.gatehouse.shared.cli;

import dev.gatehouse.shared.config.ConfigException;
import io.vertx.core.Vertx;
import io.vertx.core.net.PemKeyCertOptions;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Collections;
import javax.net.ssl.KeyManager;
import javax.net.ssl.X509KeyManager;

/**
 * Checks PEM certificate and key files the way the TLS listener will load them (through Vert.x),
 * and that the key is the certificate's: a renewed certificate beside an old key loads without
 * complaint and only fails in clients' handshakes.
 */
public final class CertificateKeyPair {

  private CertificateKeyPair() {}

  /** A pair that cannot be served: unreadable, or a key that is not the certificate's. */
  public static final class Unusable extends Exception {
    private final boolean mismatched;

    Unusable(String message, boolean mismatched) {
      super(message);
      this.mismatched = mismatched;
    }
  }

  /** Returns a summary of the certificate; throws naming {@code file}'s keys on any problem. */
  public static String check(String file, String certKey, Path cert, String keyKey, Path key) {
    X509Certificate certificate;
    Vertx vertx = Vertx.vertx();
    try {
      certificate = load(vertx, cert, key);
    } catch (Unusable e) {
      throw new ConfigException(
          file, e.mismatched ? keyKey : certKey + ", " + keyKey, e.getMessage());
    } finally {
      Runtimes.close(vertx, "check");
    }
    Instant notAfter = certificate.getNotAfter().toInstant();
    if (notAfter.isBefore(Instant.now())) {
      throw new ConfigException(file, certKey, cert + " expired on " + notAfter);
    }
    return certificate.getSubjectX500Principal().getName() + ", valid until " + notAfter;
  }

  /**
   * Loads {@code cert} and {@code key} as the TLS listener will (through Vert.x) and returns the
   * certificate if the key is its own. Reads the files: not on an event loop.
   */
  public static X509Certificate load(Vertx vertx, Path cert, Path key) throws Unusable {
    return load(
        vertx,
        new PemKeyCertOptions().setCertPath(cert.toString()).setKeyPath(key.toString()),
        cert,
        key);
  }

  /**
   * The same for {@code pem}, the files' contents as read once ({@code cert} and {@code key} name
   * them in errors), so that what was checked is what is served.
   */
  public static X509Certificate load(Vertx vertx, PemKeyCertOptions pem, Path cert, Path key)
      throws Unusable {
    X509Certificate certificate;
    PrivateKey privateKey;
    try {
      KeyStore store = pem.loadKeyStore(vertx);
      String alias = Collections.list(store.aliases()).get(0);
      X509KeyManager keys = x509(pem.getKeyManagerFactory(vertx).getKeyManagers());
      certificate = keys.getCertificateChain(alias)[0];
      privateKey = keys.getPrivateKey(alias);
    } catch (Exception e) {
      throw new Unusable("cannot load " + cert + " with " + key + ": " + e, false);
    }
    if (!matches(privateKey, certificate.getPublicKey())) {
      throw new Unusable(key + " is not the private key of the certificate in " + cert, true);
    }
    return certificate;
  }

  private static X509KeyManager x509(KeyManager[] managers) {
    for (KeyManager manager : managers) {
      if (manager instanceof X509KeyManager x509) {
        return x509;
      }
    }
    throw new IllegalStateException("no X.509 key manager");
  }

  /** Signs random bytes with the key and verifies them with the certificate's public key. */
  public static boolean matches(PrivateKey privateKey, PublicKey publicKey) {
    if (!privateKey.getAlgorithm().equals(publicKey.getAlgorithm())) {
      return false;
    }
    String algorithm =
        switch (privateKey.getAlgorithm()) {
          case "RSA" -> "SHA256withRSA";
          case "EC" -> "SHA256withECDSA";
          default -> privateKey.getAlgorithm(); // Ed25519, Ed448, EdDSA sign without a digest
        };
    try {
      byte[] challenge = new byte[32];
      new SecureRandom().nextBytes(challenge);
      Signature signer = Signature.getInstance(algorithm);
      signer.initSign(privateKey);
      signer.update(challenge);
      byte[] signature = signer.sign();
      Signature verifier = Signature.getInstance(algorithm);
      verifier.initVerify(publicKey);
      verifier.update(challenge);
      return verifier.verify(signature);
    } catch (GeneralSecurityException e) {
      return false;
    }
  }
}
