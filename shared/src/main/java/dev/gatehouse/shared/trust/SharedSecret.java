package dev.gatehouse.shared.trust;

import dev.gatehouse.shared.config.ConfigNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;

/**
 * A secret the edge and an agent share, at least 256 bits, kept in a file as base64url (the
 * standard alphabet of {@code wg genpsk} is read too). Its bytes never leave this package, and
 * neither {@link #toString()} nor any error message shows them.
 */
public final class SharedSecret {

  public static final int MIN_BYTES = 32;
  static final String MAKE_ONE = " (make one with: gatehouse keygen agent-secret --out FILE)";

  private final byte[] bytes;

  private SharedSecret(byte[] bytes) {
    this.bytes = bytes;
  }

  public static SharedSecret generate() {
    byte[] random = new byte[MIN_BYTES];
    new SecureRandom().nextBytes(random);
    return new SharedSecret(random);
  }

  /** The file's text: base64url without padding, one line. */
  public String encoded() {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes) + "\n";
  }

  /** The secret in the file named under {@code key}, checked once at start-up. */
  public static Optional<SharedSecret> fromFile(ConfigNode node, String key) {
    return node.optionalString(key).map(file -> read(node, key, file));
  }

  private static SharedSecret read(ConfigNode node, String key, String file) {
    String text;
    try {
      text = Files.readString(Path.of(file), StandardCharsets.US_ASCII).strip();
    } catch (NoSuchFileException e) {
      throw node.error(key, file + " does not exist" + MAKE_ONE);
    } catch (IOException | InvalidPathException e) {
      throw node.error(key, "cannot read " + file + " (" + e.getClass().getSimpleName() + ")");
    }
    byte[] decoded;
    try {
      decoded = Base64.getUrlDecoder().decode(text.replace('+', '-').replace('/', '_'));
    } catch (IllegalArgumentException e) {
      throw node.error(key, file + " does not hold a base64url secret" + MAKE_ONE);
    }
    if (decoded.length < MIN_BYTES) {
      throw node.error(
          key,
          file
              + " holds a "
              + decoded.length * 8
              + "-bit secret (expected: at least "
              + MIN_BYTES * 8
              + " bits)"
              + MAKE_ONE);
    }
    return new SharedSecret(decoded);
  }

  byte[] bytes() {
    return bytes;
  }

  @Override
  public String toString() {
    return "SharedSecret[(hidden)]";
  }
}
