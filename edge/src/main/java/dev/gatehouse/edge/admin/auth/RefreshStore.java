package dev.gatehouse.edge.admin.auth;

import dev.gatehouse.shared.cli.PrivateFiles;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
    String text = state.encode();
    return vertx.executeBlocking(
        () -> {
          PrivateFiles.write(file, text);
          return null;
        },
        true);
  }
}
