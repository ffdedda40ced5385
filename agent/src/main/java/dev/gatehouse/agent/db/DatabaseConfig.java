package dev.gatehouse.agent.db;

import dev.gatehouse.shared.config.ConfigNode;
import io.vertx.pgclient.PgConnectOptions;
import java.nio.file.Path;
import java.util.Optional;

/**
 * {@code database:} section. With {@code url} the agent uses that PostgreSQL; without it, an
 * embedded PostgreSQL whose data lives in {@code embedded.data_dir} across restarts, on 127.0.0.1
 * at {@code embedded.port} ({@code 0}: any free port, for tests).
 */
public record DatabaseConfig(
    Optional<PgConnectOptions> external,
    Path embeddedDataDir,
    int embeddedPort,
    int poolSize,
    boolean seedExampleConstants) {

  public static final Path DEFAULT_DATA_DIR = Path.of("data", "postgres");
  public static final int DEFAULT_POOL_SIZE = 8;

  /** Beside a system PostgreSQL's 5432 (and Debian's second cluster's 5433), not on it. */
  public static final int DEFAULT_EMBEDDED_PORT = 15432;

  public static DatabaseConfig from(ConfigNode node) {
    Optional<PgConnectOptions> external =
        node.optionalString("url").map(url -> connectOptions(node, url));
    Optional<String> password = node.optionalString("password");
    Optional<String> passwordFile = node.secretFile("password_file");
    if (password.isPresent() && passwordFile.isPresent()) {
      throw node.error("password_file", "give either 'password' or 'password_file', not both");
    }
    if (external.isEmpty() && (password.isPresent() || passwordFile.isPresent())) {
      throw node.error("password", "only applies together with 'url'");
    }
    passwordFile.ifPresent(secret -> password(external.get(), secret));
    password.ifPresent(secret -> password(external.get(), secret));

    ConfigNode embedded = node.childOrEmpty("embedded");
    Path dataDir = Path.of(embedded.string("data_dir", DEFAULT_DATA_DIR.toString()));
    int port = embedded.integer("port", DEFAULT_EMBEDDED_PORT, 0, 65535);
    embedded.done();

    int poolSize = node.integer("pool_size", DEFAULT_POOL_SIZE, 1, 100);
    boolean seed = node.bool("seed_example_constants", false);
    node.done();
    return new DatabaseConfig(external, dataDir, port, poolSize, seed);
  }

  private static PgConnectOptions connectOptions(ConfigNode node, String url) {
    try {
      return PgConnectOptions.fromUri(url);
    } catch (RuntimeException e) {
      throw node.error(
          "url", "not a PostgreSQL URL (expected: postgresql://user@host:5432/database)");
    }
  }

  private static void password(PgConnectOptions options, String secret) {
    options.setPassword(secret);
  }
}
