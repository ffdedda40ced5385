package dev.gatehouse.shared.cli;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
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
    write(file, text, false);
  }

  /** The same, with mode 0644 when {@code readableByAll} (a certificate, a status). */
  public static void write(Path file, String text, boolean readableByAll) throws IOException {
    Path next = writeAside(file, text, readableByAll);
    try {
      moveInto(next, file);
    } finally {
      Files.deleteIfExists(next);
    }
  }

  /**
   * Writes {@code text} in full, and to the disk, to a new file beside {@code file} (mode 0600, or
   * 0644 when {@code readableByAll}), for {@link #moveInto}: files that must change together are
   * all written before any takes its name. The caller deletes it if it is not moved.
   */
  public static Path writeAside(Path file, String text, boolean readableByAll) throws IOException {
    Path next =
        Files.createTempFile(
            folderOf(file),
            "." + file.getFileName(),
            ".new",
            PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString(readableByAll ? "rw-r--r--" : "rw-------")));
    try (FileChannel channel = FileChannel.open(next, StandardOpenOption.WRITE)) {
      ByteBuffer bytes = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
      while (bytes.hasRemaining()) {
        channel.write(bytes);
      }
      channel.force(true);
    } catch (IOException e) {
      Files.deleteIfExists(next);
      throw e;
    }
    return next;
  }

  /** {@code next}, from {@link #writeAside}, takes {@code file}'s name in one rename. */
  public static void moveInto(Path next, Path file) throws IOException {
    Files.move(next, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
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
