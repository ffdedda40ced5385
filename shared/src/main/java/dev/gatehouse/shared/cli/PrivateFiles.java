package dev.gatehouse.shared.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/** Files that hold private keys: readable by their owner only, from the moment they exist. */
public final class PrivateFiles {

  private PrivateFiles() {}

  /**
   * Writes {@code text} to {@code file} with mode 0600, making missing folders with mode 0700. The
   * text goes to a new file beside it first, which then takes the name at once: a reader sees the
   * old file or the new one, never none or half of one.
   */
  public static void write(Path file, String text) throws IOException {
    Path folder = folderOf(file);
    Path next =
        Files.createTempFile(
            folder,
            "." + file.getFileName(),
            ".new",
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    try {
      Files.writeString(next, text);
      Files.move(next, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(next);
    }
  }

  /**
   * Writes {@code text} to a new {@code file} with mode 0600, making missing folders with mode
   * 0700; fails with {@link java.nio.file.FileAlreadyExistsException} if it exists, leaving it as
   * it was.
   */
  public static void create(Path file, String text) throws IOException {
    folderOf(file);
    Files.createFile(
        file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(file, text);
  }

  /** The folder of {@code file}, made with mode 0700 if it is missing. */
  private static Path folderOf(Path file) throws IOException {
    Path folder = file.toAbsolutePath().getParent();
    if (!Files.isDirectory(folder)) {
      Files.createDirectories(
          folder,
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    }
    return folder;
  }
}
