package dev.gatehouse.agent.db;

import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's PostgreSQL: the configured server, or an embedded one started here. Opening it blocks
 * (process start, migrations), so it runs before any verticle is deployed.
 */
public final class Database implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Database.class);

  /** Example constants for the demo; an operator puts their own rows in server_constants. */
  private static final String EXAMPLE_CONSTANTS =
      "INSERT INTO server_constants (name, value) VALUES "
          + "('server_status', 1.0), ('client_status', 256.0), "
          + "('rates.exp', 3.0), ('rates.drop', 2.0), ('rates.adena', 2.0), ('rates.spoil', 1.0) "
          + "ON CONFLICT (name) DO NOTHING";

  private final PgConnectOptions connectOptions;
  private final EmbeddedPostgres embedded;

  private Database(PgConnectOptions connectOptions, EmbeddedPostgres embedded) {
    this.connectOptions = connectOptions;
    this.embedded = embedded;
  }

  /** Connects (or starts the embedded server), applies migrations and optional example data. */
  public static Database open(DatabaseConfig config) {
    Database database =
        config
            .external()
            .map(options -> new Database(options, null))
            .orElseGet(() -> embedded(config));
    try {
      database.migrate();
      if (config.seedExampleConstants()) {
        database.execute(EXAMPLE_CONSTANTS);
      }
      return database;
    } catch (RuntimeException e) {
      database.close();
      throw e;
    }
  }

  private static Database embedded(DatabaseConfig config) {
    try {
      Files.createDirectories(config.embeddedDataDir());
      EmbeddedPostgres postgres =
          EmbeddedPostgres.builder()
              .setDataDirectory(config.embeddedDataDir().toAbsolutePath())
              .setCleanDataDirectory(false)
              .setPort(config.embeddedPort())
              .setRegisterShutdownHook(false)
              .start();
      log.info(
          "embedded PostgreSQL on 127.0.0.1:{}, data in {}",
          postgres.getPort(),
          config.embeddedDataDir().toAbsolutePath());
      PgConnectOptions options =
          new PgConnectOptions()
              .setHost("localhost")
              .setPort(postgres.getPort())
              .setDatabase("postgres")
              .setUser("postgres");
      return new Database(options, postgres);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the embedded PostgreSQL: " + e.getMessage(), e);
    }
  }

  public Pool pool(Vertx vertx, int size) {
    return PgBuilder.pool()
        .with(new PoolOptions().setMaxSize(size))
        .connectingTo(new PgConnectOptions(connectOptions))
        .using(vertx)
        .build();
  }

  private String jdbcUrl() {
    return "jdbc:postgresql://"
        + connectOptions.getHost()
        + ":"
        + connectOptions.getPort()
        + "/"
        + connectOptions.getDatabase();
  }

  private void migrate() {
    Flyway.configure()
        .dataSource(jdbcUrl(), connectOptions.getUser(), connectOptions.getPassword())
        .locations("classpath:db/migration")
        .load()
        .migrate();
  }

  private void execute(String sql) {
    try (Connection connection =
            java.sql.DriverManager.getConnection(
                jdbcUrl(), connectOptions.getUser(), connectOptions.getPassword());
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException("database: " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    if (embedded != null) {
      try {
        embedded.close();
      } catch (IOException e) {
        log.warn("embedded PostgreSQL did not stop cleanly: {}", e.getMessage());
      }
    }
  }
}
