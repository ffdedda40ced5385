package dev.gatehouse.edge.admin.client;

import dev.gatehouse.shared.cli.PrivateFiles;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The command line's login in a file of mode 0600. Two commands may run at once (a {@code logs -f}
 * in one terminal, a {@code status} in another): {@link #alone} holds a lock on a file beside it,
 * which keeps out other processes, and a monitor per file, which keeps out other threads of this
 * one (a file lock is held by the whole process).
 */
final class FileTokenStore implements TokenStore {

  private static final ConcurrentMap<Path, Object> MONITORS = new ConcurrentHashMap<>();

  private final Path file;
  private final Path lock;

  FileTokenStore(Path file) {
    this.file = file;
    this.lock = file.resolveSibling(file.getFileName() + ".lock");
  }

  @Override
  public Optional<Tokens> load() {
    try {
      return Files.exists(file)
          ? Optional.of(Tokens.fromJson(new JsonObject(Files.readString(file))))
          : Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void save(Tokens tokens) {
    try {
      PrivateFiles.write(file, tokens.toJson().encode());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void clear() {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public <T> T alone(Step<T> step) throws IOException, InterruptedException {
    synchronized (MONITORS.computeIfAbsent(lock.toAbsolutePath().normalize(), p -> new Object())) {
      try (FileChannel channel =
              FileChannel.open(
                  lock,
                  Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE),
                  PosixFilePermissions.asFileAttribute(
                      PosixFilePermissions.fromString("rw-------")));
          FileLock held = channel.lock()) {
        return step.run();
      }
    }
  }
}
