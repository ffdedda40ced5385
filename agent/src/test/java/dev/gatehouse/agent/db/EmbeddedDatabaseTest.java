package dev.gatehouse.agent.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.shared.testing.TestYaml;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded PostgreSQL as the agent runs it: durable, password only, loopback only. */
class EmbeddedDatabaseTest {

  @TempDir Path dir;

  @Test
  void embeddedDatabaseKeepsItsRowsAcrossRestarts() throws Exception {
    DatabaseConfig config = config(dir.resolve("postgres"), true);

    try (Database first = Database.open(config)) {
      run(first, "UPDATE server_constants SET value = 0.0 WHERE name = 'server_status'");
    }
    try (Database second = Database.open(config)) {
      assertThat(run(second, "SELECT value FROM server_constants WHERE name = 'server_status'"))
          .isEqualTo(0.0);
    }
    assertThat(dir.resolve("postgres").resolve("PG_VERSION")).exists();
  }

  @Test
  void everyCommitIsFlushedToDisk() throws Exception {
    try (Database database = Database.open(config(dir.resolve("postgres"), false))) {
      assertThat(show(database, "fsync")).isEqualTo("on");
      assertThat(show(database, "synchronous_commit")).isEqualTo("on");
      assertThat(show(database, "full_page_writes")).isEqualTo("on");
    }
  }

  @Test
  void listensOnLoopbackTcpOnly() throws Exception {
    try (Database database = Database.open(config(dir.resolve("postgres"), false))) {
      assertThat(show(database, "listen_addresses")).isEqualTo("127.0.0.1");
      assertThat(show(database, "unix_socket_directories")).isEmpty();
      assertThat(database.connectOptions().getHost()).isEqualTo("127.0.0.1");
    }
  }

  @Test
  void connectionWithoutThePasswordIsRefused() throws Exception {
    try (Database database = Database.open(config(dir.resolve("postgres"), false))) {
      int port = database.connectOptions().getPort();
      assertThatThrownBy(() -> connect(port, null))
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("no password was provided");
      assertThatThrownBy(() -> connect(port, "postgres"))
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("password authentication failed");
      try (Connection withPassword = connect(port, database.connectOptions().getPassword())) {
        assertThat(withPassword.isValid(5)).isTrue();
      }
    }
  }

  @Test
  void passwordIsGeneratedOnceIntoAFileOnlyItsOwnerReads() throws Exception {
    Path dataDir = dir.resolve("postgres");
    Path passwordFile = dir.resolve("postgres.password");
    String first;
    try (Database database = Database.open(config(dataDir, false))) {
      first = database.connectOptions().getPassword();
    }
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(passwordFile)))
        .isEqualTo("rw-------");
    assertThat(Files.readString(passwordFile)).isEqualTo(first).hasSizeGreaterThanOrEqualTo(40);
    try (Database again = Database.open(config(dataDir, false))) {
      assertThat(again.connectOptions().getPassword()).isEqualTo(first);
      assertThat(show(again, "fsync")).isEqualTo("on");
    }
    assertThat(Files.readString(dataDir.resolve("pg_hba.conf")))
        .doesNotContain("trust")
        .contains("host all all 127.0.0.1/32 scram-sha-256");
  }

  @Test
  void dataDirectoryOfAnEarlierVersionStopsTrustingConnections() throws Exception {
    Path dataDir = dir.resolve("postgres");
    // What earlier gatehouse versions made: the library's defaults, trust for everyone.
    EmbeddedPostgres.builder()
        .setDataDirectory(dataDir)
        .setCleanDataDirectory(false)
        .setRegisterShutdownHook(false)
        .start()
        .close();

    try (Database database = Database.open(config(dataDir, false))) {
      int port = database.connectOptions().getPort();
      assertThatThrownBy(() -> connect(port, null)).isInstanceOf(SQLException.class);
      assertThat(show(database, "fsync")).isEqualTo("on");
    }
    assertThat(Files.readString(dataDir.resolve("pg_hba.conf"))).doesNotContain("trust");
  }

  @Test
  void aSecondAgentOnTheSameDataIsRefused() {
    DatabaseConfig config = config(dir.resolve("postgres"), false);
    try (Database first = Database.open(config)) {
      assertThatThrownBy(() -> Database.open(config))
          .hasMessageContaining("is used by another running process");
      try (Database shared = Database.openShared(config)) {
        assertThat(shared.connectOptions().getPort()).isEqualTo(first.connectOptions().getPort());
      }
    }
  }

  static DatabaseConfig config(Path dataDir, boolean seed) {
    return DatabaseConfig.from(
        TestYaml.parse(
            "embedded: {data_dir: '%s', port: 0}\nseed_example_constants: %s"
                .formatted(dataDir, seed)));
  }

  private static Connection connect(int port, String password) throws SQLException {
    return DriverManager.getConnection(
        "jdbc:postgresql://127.0.0.1:" + port + "/postgres", "postgres", password);
  }

  private static String show(Database database, String setting) throws SQLException {
    try (Connection connection = database.connect();
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SHOW " + setting)) {
      rows.next();
      return rows.getString(1);
    }
  }

  private static Double run(Database database, String sql) {
    Vertx vertx = Vertx.vertx();
    try {
      Pool pool = database.pool(vertx, "test", 1);
      var rows = pool.query(sql).execute().toCompletionStage().toCompletableFuture().join();
      return rows.size() == 0 ? null : rows.iterator().next().getDouble(0);
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().join();
    }
  }
}
