package dev.gatehouse.edge.admin.auth;

import dev.gatehouse.shared.cli.PrivateFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The ES256 (P-256) key pair that signs the admin API's access tokens, kept as two PEM blocks
 * (private, then public) in one file of mode 0600, made the first time it is needed. An asymmetric
 * key: the public half may be shown to anyone without letting them sign.
 */
public record TokenKey(String privatePem, String publicPem) {

  public static final String ALGORITHM = "ES256";
  private static final Pattern PRIVATE =
      Pattern.compile("-----BEGIN PRIVATE KEY-----[A-Za-z0-9+/=\\s]+-----END PRIVATE KEY-----");
  private static final Pattern PUBLIC =
      Pattern.compile("-----BEGIN PUBLIC KEY-----[A-Za-z0-9+/=\\s]+-----END PUBLIC KEY-----");

  /** Reads {@code file}, or makes a new key there when it does not exist yet. */
  public static TokenKey loadOrCreate(Path file) {
    try {
      if (Files.exists(file)) {
        return parse(file, Files.readString(file));
      }
      TokenKey key = generate();
      PrivateFiles.write(file, key.privatePem() + key.publicPem());
      return key;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read or write " + file, e);
    }
  }

  public static TokenKey generate() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"));
      KeyPair pair = generator.generateKeyPair();
      return new TokenKey(
          pem("PRIVATE KEY", pair.getPrivate().getEncoded()),
          pem("PUBLIC KEY", pair.getPublic().getEncoded()));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JVM cannot make P-256 keys", e);
    }
  }

  static TokenKey parse(Path file, String text) {
    Matcher privateKey = PRIVATE.matcher(text);
    Matcher publicKey = PUBLIC.matcher(text);
    if (!privateKey.find() || !publicKey.find()) {
      throw new IllegalArgumentException(
          file + " does not hold a PRIVATE KEY and a PUBLIC KEY PEM block (delete it to make one)");
    }
    return new TokenKey(privateKey.group() + "\n", publicKey.group() + "\n");
  }

  private static String pem(String type, byte[] der) {
    String body = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der);
    return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
  }

  /** Never the private key. */
  @Override
  public String toString() {
    return "TokenKey[" + ALGORITHM + "]";
  }
}
