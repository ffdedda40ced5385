package dev.gatehouse.agent.db;

import dev.gatehouse.shared.cli.PrivateFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The embedded server's superuser password: made once, kept beside the data directory with mode
 * 0600 (initdb needs it before the data directory exists, and refuses a directory that is not
 * empty), reused at every start and by {@code gatehouse db}.
 */
final class PasswordFile {

  private static final int RANDOM_BYTES = 32;

  private PasswordFile() {}

  /** {@code /var/lib/gatehouse/postgres} → {@code /var/lib/gatehouse/postgres.password}. */
  static Path of(Path dataDir) {
    Path absolute = dataDir.toAbsolutePath().normalize();
    return absolute.resolveSibling(absolute.getFileName() + ".password");
  }

  static String readOrCreate(Path file) throws IOException {
    if (Files.exists(file)) {
      return read(file);
    }
    byte[] random = new byte[RANDOM_BYTES];
    new SecureRandom().nextBytes(random);
    String password = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    Path partial = file.resolveSibling(file.getFileName() + ".new");
    PrivateFiles.write(partial, password);
    // Renamed into place, so that a crash never leaves an empty or half-written password behind.
    Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE);
    return password;
  }

  static String read(Path file) throws IOException {
    String password = Files.readString(file).strip();
    if (password.isEmpty()) {
      throw new IOException(file + " is empty; delete it only together with the data directory");
    }
    return password;
  }
}
