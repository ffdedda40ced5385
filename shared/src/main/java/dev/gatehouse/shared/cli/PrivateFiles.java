package dev.gatehouse.shared.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** Files that hold private keys: readable by their owner only, from the moment they exist. */
public final class PrivateFiles {

  private PrivateFiles() {}

  /** Writes {@code text} to {@code file} with mode 0600, making missing folders with mode 0700. */
  public static void write(Path file, String text) throws IOException {
    Files.deleteIfExists(file);
    create(file, text);
  }

  /**
   * Writes {@code text} to a new {@code file} with mode 0600, making missing folders with mode
   * 0700; fails with {@link java.nio.file.FileAlreadyExistsException} if it exists, leaving it as
   * it was.
   */
  public static void create(Path file, String text) throws IOException {
    Path folder = file.toAbsolutePath().getParent();
    if (!Files.isDirectory(folder)) {
      Files.createDirectories(
          folder,
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    }
    Files.createFile(
        file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(file, text);
  }
}
