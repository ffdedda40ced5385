package dev.gatehouse.agent.db;

import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.flywaydb.core.Flyway;

/**
 * The agent's PostgreSQL: the configured server, or an embedded one started here. Opening it blocks
 * (process start, migrations), so it runs before any verticle is deployed.
 */
public final class Database implements AutoCloseable {

  /** Example constants for the demo; an operator puts their own rows in server_constants. */
  private static final String EXAMPLE_CONSTANTS =
      "INSERT INTO server_constants (name, value) VALUES "
          + "('server_status', 1.0), ('client_status', 256.0), "
          + "('rates.exp', 3.0), ('rates.drop', 2.0), ('rates.adena', 2.0), ('rates.spoil', 1.0) "
          + "ON CONFLICT (name) DO NOTHING";

  private final PgConnectOptions connectOptions;
  private final EmbeddedServer server;

  private Database(PgConnectOptions connectOptions, EmbeddedServer server) {
    this.connectOptions = connectOptions;
    this.server = server;
  }

  /**
   * Connects (or starts the embedded server), applies migrations and optional example data. The
   * agent's way in: an embedded server another live process runs is an error.
   */
  public static Database open(DatabaseConfig config) {
    return prepared(
        config,
        config
            .external()
            .map(options -> new Database(options, null))
            .orElseGet(() -> started(config)));
  }

  /**
   * The same for maintenance ({@code gatehouse db}): the embedded server the running agent uses, if
   * it runs, or one started for the duration.
   */
  public static Database openShared(DatabaseConfig config) {
    return prepared(
        config,
        config
            .external()
            .or(() -> EmbeddedServer.runningElsewhere(config.embeddedDataDir()))
            .map(options -> new Database(options, null))
            .orElseGet(() -> started(config)));
  }

  private static Database prepared(DatabaseConfig config, Database database) {
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

  private static Database started(DatabaseConfig config) {
    EmbeddedServer server = EmbeddedServer.start(config.embeddedDataDir(), config.embeddedPort());
    return new Database(server.connectOptions(), server);
  }

  /** Host, port, database, user and password of the server in use. */
  public PgConnectOptions connectOptions() {
    return new PgConnectOptions(connectOptions);
  }

  /** A plain JDBC connection, for work done off the event loops (migrations, backups). */
  public Connection connect() throws SQLException {
    return DriverManager.getConnection(
        jdbcUrl(), connectOptions.getUser(), connectOptions.getPassword());
  }

  /** A connection pool; {@code name} labels its meters. */
  public Pool pool(Vertx vertx, String name, int size) {
    return PgBuilder.pool()
        .with(new PoolOptions().setName(name).setMaxSize(size))
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
    try (Connection connection = connect();
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException("database: " + e.getMessage(), e);
    }
  }

  /** Runs {@code died} if the embedded server this process started ends under it; else never. */
  public void onEmbeddedServerDeath(Runnable died) {
    if (server != null) {
      server.onDeath(died);
    }
  }

  @Override
  public void close() {
    if (server != null) {
      server.close();
    }
  }
}
