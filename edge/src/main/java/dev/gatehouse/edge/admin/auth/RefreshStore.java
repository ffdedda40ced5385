package dev.gatehouse.edge.admin.auth;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;

/**
 * The refresh tokens' state on disk, so logins survive a restart: one JSON file of hashes, mode
 * 0600, replaced atomically (written beside, synced, renamed), so a crash leaves the old state or
 * the new one, never half of either. Writes run on a worker, in the order they were asked for.
 */
public final class RefreshStore {

  static final String FILE_NAME = "admin-refresh-tokens.json";

  private final Vertx vertx;
  private final Path file;

  public RefreshStore(Vertx vertx, Path stateDir) {
    this.vertx = vertx;
    this.file = stateDir.resolve(FILE_NAME);
  }

  /** The saved state, if any; blocking, for start-up. */
  public Optional<JsonObject> load() {
    try {
      if (!Files.exists(file)) {
        return Optional.empty();
      }
      return Optional.of(new JsonObject(Files.readString(file)));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  /** Writes {@code state} off the event loop; completes once it is on disk. */
  public Future<Void> save(JsonObject state) {
    byte[] bytes = state.encode().getBytes(StandardCharsets.UTF_8);
    return vertx.executeBlocking(
        () -> {
          write(bytes);
          return null;
        },
        true);
  }

  private void write(byte[] bytes) throws IOException {
    Path folder = file.toAbsolutePath().getParent();
    Files.createDirectories(folder);
    Path temporary = folder.resolve(FILE_NAME + ".tmp");
    Files.deleteIfExists(temporary);
    Files.createFile(
        temporary,
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
      ByteBuffer buffer = ByteBuffer.wrap(bytes);
      while (buffer.hasRemaining()) {
        channel.write(buffer);
      }
      channel.force(true);
    }
    Files.move(
        temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }
}
