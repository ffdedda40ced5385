package dev.gatehouse.edge.acme;

import dev.gatehouse.shared.cli.CertificateKeyPair;
import dev.gatehouse.shared.cli.PrivateFiles;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.SelfSignedCertificate;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.shredzone.acme4j.util.KeyPairUtils;

/**
 * The ACME state folder: account key, certificate chain, its key and the status. Every file is
 * written aside and moved into place, so a crash or a reader never sees half a file; keys are
 * created with mode 0600 in a 0700 folder. All methods block: call them off the event loops.
 */
public final class AcmeFiles {

  private final AcmeConfig config;

  public AcmeFiles(AcmeConfig config) {
    this.config = config;
  }

  /** The account key pair, made and stored on first use; the account is bound to it. */
  public KeyPair accountKey() throws IOException {
    Optional<KeyPair> stored = storedAccountKey();
    if (stored.isPresent()) {
      return stored.get();
    }
    Path file = config.accountKeyFile();
    KeyPair key = KeyPairUtils.createECKeyPair("secp256r1");
    StringWriter pem = new StringWriter();
    KeyPairUtils.writeKeyPair(key, pem);
    write(file, pem.toString(), true);
    return key;
  }

  /** The account key pair, if one was made already. */
  public Optional<KeyPair> storedAccountKey() throws IOException {
    Path file = config.accountKeyFile();
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    return Optional.of(KeyPairUtils.readKeyPair(new StringReader(Files.readString(file))));
  }

  /**
   * The certificate in the state folder, if it parses and the key beside it is its own. A pair that
   * does not match (a crash between the two moves of {@link #install}) counts as none.
   */
  public Optional<StoredCertificate> stored() {
    Path file = config.certificateFile();
    if (!Files.isRegularFile(file) || !Files.isRegularFile(config.keyFile())) {
      return Optional.empty();
    }
    try (InputStream in = Files.newInputStream(file)) {
      X509Certificate leaf =
          (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
      return matches(leaf, Files.readString(config.keyFile()))
          ? Optional.of(new StoredCertificate(leaf))
          : Optional.empty();
    } catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** Whether the PKCS#8 PEM {@code keyPem} is the private key of {@code leaf}. */
  private static boolean matches(X509Certificate leaf, String keyPem)
      throws GeneralSecurityException {
    String base64 = keyPem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
    PublicKey publicKey = leaf.getPublicKey();
    PrivateKey privateKey =
        KeyFactory.getInstance(publicKey.getAlgorithm())
            .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
    return CertificateKeyPair.matches(privateKey, publicKey);
  }

  /**
   * Makes sure the HTTPS listener has a pair to start with: without a usable stored certificate, a
   * self-signed one for the first domain, served only until the first issuance replaces it.
   */
  public void ensureServable() throws IOException {
    if (stored().isPresent()) {
      return;
    }
    SelfSignedCertificate temporary = SelfSignedCertificate.create(config.domains().get(0));
    try {
      write(config.keyFile(), Files.readString(Path.of(temporary.privateKeyPath())), true);
      write(
          config.certificateFile(), Files.readString(Path.of(temporary.certificatePath())), false);
    } finally {
      temporary.delete();
    }
  }

  /**
   * Installs a newly issued chain and its key. Both are written out in full before either replaces
   * the files served, so a failed write (a full disk) leaves the old pair whole; the two moves that
   * follow are renames. Between them the pair does not match, which the certificate reload refuses
   * to serve and {@link #stored} reads as none.
   */
  public void install(List<X509Certificate> chain, KeyPair key) throws IOException {
    StringBuilder pem = new StringBuilder();
    for (X509Certificate certificate : chain) {
      try {
        pem.append(pem("CERTIFICATE", certificate.getEncoded()));
      } catch (CertificateEncodingException e) {
        throw new IOException("cannot encode the issued certificate", e);
      }
    }
    Path nextKey =
        PrivateFiles.writeAside(
            config.keyFile(), pem("PRIVATE KEY", privateKey(key.getPrivate())), false);
    try {
      Path nextCertificate =
          PrivateFiles.writeAside(config.certificateFile(), pem.toString(), true);
      try {
        PrivateFiles.moveInto(nextKey, config.keyFile());
        PrivateFiles.moveInto(nextCertificate, config.certificateFile());
      } finally {
        Files.deleteIfExists(nextCertificate);
      }
    } finally {
      Files.deleteIfExists(nextKey);
    }
  }

  public void writeStatus(AcmeStatus status) {
    try {
      write(config.statusFile(), status.toJson().encodePrettily(), false);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public Optional<AcmeStatus> readStatus() throws IOException {
    Path file = config.statusFile();
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    return Optional.of(AcmeStatus.fromJson(new JsonObject(Files.readString(file))));
  }

  private static byte[] privateKey(PrivateKey key) {
    // PKCS#8, which both TLS engines read whatever the key's algorithm.
    return key.getEncoded();
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN "
        + type
        + "-----\n"
        + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
        + "\n-----END "
        + type
        + "-----\n";
  }

  private static void write(Path file, String text, boolean secret) throws IOException {
    PrivateFiles.write(file, text, !secret);
  }
}
