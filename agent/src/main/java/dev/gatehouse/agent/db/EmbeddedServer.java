package dev.gatehouse.agent.db;

import io.vertx.pgclient.PgConnectOptions;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded PostgreSQL set up to keep real data: every commit flushed to disk (the library's
 * defaults turn fsync and synchronous commit off, fit for tests only), the superuser reachable with
 * its SCRAM password only, over TCP on 127.0.0.1 only (no Unix socket, nothing in pg_hba trusted).
 */
final class EmbeddedServer implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(EmbeddedServer.class);

  static final String SUPERUSER = "postgres";
  static final String DATABASE = "postgres";
  static final String HOST = "127.0.0.1";

  private static final Duration STARTUP_WAIT = Duration.ofSeconds(60);
  private static final Duration STALE_STOP_WAIT = Duration.ofSeconds(60);

  private static final String HBA =
      """
      # Written by gatehouse at every start of its embedded PostgreSQL: TCP on loopback, password only.
      host all all 127.0.0.1/32 scram-sha-256
      """;

  private static final Duration WATCH_INTERVAL = Duration.ofSeconds(1);

  private final EmbeddedPostgres postgres;
  private final PgConnectOptions connectOptions;
  private final Path dataDir;
  private ScheduledExecutorService watcher;

  private EmbeddedServer(EmbeddedPostgres postgres, PgConnectOptions connectOptions, Path dataDir) {
    this.postgres = postgres;
    this.connectOptions = connectOptions;
    this.dataDir = dataDir;
  }

  /**
   * Runs {@code died} once if the server's process ends while this one still uses it (killed, out
   * of memory): nothing in this process would start it again, and every query would fail until a
   * restart.
   */
  synchronized void onDeath(Runnable died) {
    Optional<Postmaster> running;
    try {
      running = Postmaster.running(dataDir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (running.isEmpty()) {
      log.warn("embedded PostgreSQL in {}: no postmaster.pid to watch", dataDir);
      return;
    }
    long pid = running.get().pid();
    watcher =
        Executors.newSingleThreadScheduledExecutor(
            task -> {
              Thread thread = new Thread(task, "gatehouse-postgres-watch");
              thread.setDaemon(true);
              return thread;
            });
    // A Ctrl-C reaches PostgreSQL too (one process group): a server that ends while this process
    // shuts down has not died under it.
    AtomicBoolean stopping = new AtomicBoolean();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> stopping.set(true)));
    watcher.scheduleWithFixedDelay(
        () -> {
          if (stopping.get() || ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
            return;
          }
          try {
            Thread.sleep(WATCH_INTERVAL.toMillis());
          } catch (InterruptedException e) {
            return; // closed meanwhile
          }
          if (!stopping.get()) {
            watcher.shutdown();
            died.run();
          }
        },
        WATCH_INTERVAL.toMillis(),
        WATCH_INTERVAL.toMillis(),
        TimeUnit.MILLISECONDS);
  }

  /**
   * Starts the server on {@code dataDir}, first stopping a postmaster a killed agent left running
   * on it. Fails if another live process (an agent, {@code gatehouse db}) is using the directory.
   */
  static EmbeddedServer start(Path dataDir, int port) {
    Path dir = dataDir.toAbsolutePath().normalize();
    try {
      Files.createDirectories(dir);
      if (DataDirectoryLock.inUse(dir)) {
        throw new IllegalStateException(
            "the embedded PostgreSQL in "
                + dir
                + " is used by another running process (an agent or 'gatehouse db')");
      }
      Optional<Postmaster> stale = Postmaster.running(dir);
      if (stale.isPresent()) {
        stale.get().stop(STALE_STOP_WAIT);
      }
      String password = PasswordFile.readOrCreate(PasswordFile.of(dir));
      // A data directory made by an earlier gatehouse trusts every local connection: it gets its
      // password once the server runs, then the same pg_hba as a new one.
      boolean trusting = trusts(dir);
      EmbeddedPostgres postgres = builder(dir, port, password, trusting).start();
      PgConnectOptions options = connectOptions(postgres.getPort()).setPassword(password);
      EmbeddedServer server = new EmbeddedServer(postgres, options, dir);
      if (trusting) {
        server.requirePassword(dir, password);
      }
      log.info("embedded PostgreSQL on {}:{}, data in {}", HOST, postgres.getPort(), dir);
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the embedded PostgreSQL: " + e.getMessage(), e);
    }
  }

  private static EmbeddedPostgres.Builder builder(
      Path dir, int port, String password, boolean trusting) {
    return EmbeddedPostgres.builder()
        .setDataDirectory(dir)
        .setCleanDataDirectory(false)
        .setRegisterShutdownHook(false)
        .setPort(port)
        .setPGStartupWait(STARTUP_WAIT)
        .setServerConfig("fsync", "on")
        .setServerConfig("synchronous_commit", "on")
        .setServerConfig("full_page_writes", "on")
        .setServerConfig("listen_addresses", HOST)
        .setServerConfig("unix_socket_directories", "''")
        .setServerConfig("password_encryption", "scram-sha-256")
        // initdb's options: the library passes these as --key=value after its own "-A trust", and
        // the last --auth wins; the superuser's password comes from the file.
        .setLocaleConfig("auth", "scram-sha-256")
        .setLocaleConfig("pwfile", PasswordFile.of(dir).toString())
        .setConnectConfig("password", password)
        .setDataDirectoryCustomizer(
            folder -> {
              if (!trusting) {
                writeHba(folder.toPath());
              }
            });
  }

  /**
   * The connection to the server another live process runs on {@code dataDir} (the agent, while
   * {@code gatehouse db} works beside it), if there is one.
   */
  static Optional<PgConnectOptions> runningElsewhere(Path dataDir) {
    Path dir = dataDir.toAbsolutePath().normalize();
    try {
      if (!Files.isDirectory(dir) || !DataDirectoryLock.inUse(dir)) {
        return Optional.empty();
      }
      Optional<Postmaster> postmaster = Postmaster.running(dir);
      if (postmaster.isEmpty()) {
        throw new IllegalStateException(
            "the embedded PostgreSQL in " + dir + " is starting or stopping; try again");
      }
      String password = PasswordFile.read(PasswordFile.of(dir));
      return Optional.of(connectOptions(postmaster.get().port()).setPassword(password));
    } catch (IOException e) {
      throw new UncheckedIOException(e.getMessage(), e);
    }
  }

  PgConnectOptions connectOptions() {
    return new PgConnectOptions(connectOptions);
  }

  private static PgConnectOptions connectOptions(int port) {
    return new PgConnectOptions()
        .setHost(HOST)
        .setPort(port)
        .setDatabase(DATABASE)
        .setUser(SUPERUSER);
  }

  private static boolean trusts(Path dir) throws IOException {
    Path hba = dir.resolve("pg_hba.conf");
    return Files.exists(hba)
        && Files.readAllLines(hba).stream()
            .map(String::strip)
            .filter(line -> !line.startsWith("#"))
            .anyMatch(line -> line.matches(".*\\btrust\\b.*"));
  }

  private static void writeHba(Path dir) {
    try {
      Files.writeString(dir.resolve("pg_hba.conf"), HBA);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + dir.resolve("pg_hba.conf"), e);
    }
  }

  private void requirePassword(Path dir, String password) {
    try (Connection connection =
            DriverManager.getConnection(
                "jdbc:postgresql://" + HOST + ":" + connectOptions.getPort() + "/" + DATABASE,
                SUPERUSER,
                password);
        Statement statement = connection.createStatement()) {
      // The password is made of base64url characters only, so it can stand in a literal.
      statement.execute("ALTER ROLE " + SUPERUSER + " PASSWORD '" + password + "'");
      writeHba(dir);
      statement.execute("SELECT pg_reload_conf()");
      log.info("embedded PostgreSQL in {} now requires its password", dir);
    } catch (SQLException | UncheckedIOException e) {
      close();
      throw new IllegalStateException(
          "cannot set the embedded PostgreSQL's password: " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    synchronized (this) {
      if (watcher != null) {
        watcher.shutdownNow(); // stopping it is no death
      }
    }
    try {
      postgres.close();
    } catch (IOException e) {
      log.warn("embedded PostgreSQL did not stop cleanly: {}", e.getMessage());
    }
  }
}
