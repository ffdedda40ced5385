package dev.gatehouse.agent.db.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.gatehouse.agent.AgentConfig;
import dev.gatehouse.agent.db.Database;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code gatehouse db} against a real embedded PostgreSQL, as an operator runs it. */
class DbCommandTest {

  private static final String ACCOUNTS =
      "SELECT p.id, p.login, p.password_hash, p.gender, p.status, p.created_at, t.telegram_id"
          + " FROM players p LEFT JOIN telegram_players t ON t.player_id = p.id ORDER BY p.id";
  private static final String HASH = "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2g";

  @TempDir Path dir;
  private Path config;
  private Path dataDir;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @BeforeEach
  void writeConfig() throws IOException {
    dataDir = dir.resolve("postgres");
    config = dir.resolve("agent.yaml");
    Files.writeString(
        config,
        """
        database:
          embedded: {data_dir: '%s', port: 0}
        routes:
          - path: /api/server/status
            backend: status
        """
            .formatted(dataDir));
  }

  @Test
  void backupWipeRestoreGivesBackIdenticalAccounts() throws Exception {
    List<String> accounts;
    try (Database database = open()) {
      addAccounts(database);
      accounts = rows(database, ACCOUNTS);
    }
    Path backup = dir.resolve("gatehouse.backup");

    assertThat(db("backup", "--config", config.toString(), backup.toString())).isZero();
    assertThat(out.toString()).containsPattern("\\d+ tables, 7 rows, schema version \\d+");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(backup)))
        .isEqualTo("rw-------");

    wipe();
    assertThat(db("restore", "--config", config.toString(), backup.toString()))
        .as(err.toString())
        .isZero();

    try (Database database = open()) {
      assertThat(rows(database, ACCOUNTS)).isEqualTo(accounts).hasSize(3);
      assertThat(rows(database, "SELECT name, value FROM server_constants"))
          .containsExactly("server_status|0.5");
      execute(
          database,
          "INSERT INTO players (login, password_hash, gender) VALUES ('after', '" + HASH + "', 0)");
      assertThat(rows(database, "SELECT id FROM players WHERE login = 'after'"))
          .containsExactly("4");
    }
  }

  @Test
  void garbageIsRefusedAndChangesNothing() throws Exception {
    Path garbage = dir.resolve("garbage.backup");
    byte[] random = new byte[64 * 1024];
    new Random(7).nextBytes(random);
    Files.write(garbage, random);
    List<String> before = accountsAfterSetUp();

    assertThat(db("restore", "--config", config.toString(), garbage.toString())).isEqualTo(1);
    assertThat(err.toString()).contains("not a gatehouse backup");
    assertThat(accountsNow()).isEqualTo(before);
  }

  @Test
  void backupOfANewerSchemaIsRefusedAndChangesNothing() throws Exception {
    Path backup = backupThenChange();
    List<String> before = accountsNow();
    List<String> lines = Files.readAllLines(backup);
    lines.set(1, "schema_version 999");
    Files.write(backup, lines);

    assertThat(db("restore", "--config", config.toString(), backup.toString())).isEqualTo(1);
    assertThat(err.toString()).contains("newer schema (version 999)");
    assertThat(accountsNow()).isEqualTo(before);
  }

  @Test
  void backupCutShortIsRefusedAndChangesNothing() throws Exception {
    Path backup = backupThenChange();
    List<String> before = accountsNow();
    List<String> lines = Files.readAllLines(backup);
    // Every table's rows are in the file; only the last line is missing.
    Files.write(backup, lines.subList(0, lines.size() - 1));

    assertThat(db("restore", "--config", config.toString(), backup.toString())).isEqualTo(1);
    assertThat(err.toString()).contains("damaged backup");
    assertThat(accountsNow()).isEqualTo(before);
  }

  @Test
  void backupRefusingARowIsRolledBack() throws Exception {
    Path backup = backupThenChange();
    List<String> before = accountsNow();
    String text = Files.readString(backup);
    // The last table restored holds a row the schema refuses (a telegram id below 1).
    Files.writeString(backup, text.replaceFirst("\t1001\t", "\t-5\t"));

    assertThat(db("restore", "--config", config.toString(), backup.toString())).isEqualTo(1);
    assertThat(err.toString()).contains("telegram_id");
    assertThat(accountsNow()).isEqualTo(before);
  }

  @Test
  void backupNeverOverwritesAFile() throws Exception {
    accountsAfterSetUp();
    Path existing = dir.resolve("existing.backup");
    Files.writeString(existing, "keep me");

    assertThat(db("backup", "--config", config.toString(), existing.toString())).isEqualTo(1);
    assertThat(Files.readString(existing)).isEqualTo("keep me");
  }

  @Test
  void restoreOfAMissingFileStartsNoDatabase() {
    assertThat(db("restore", "--config", config.toString(), dir.resolve("none").toString()))
        .isEqualTo(1);
    assertThat(err.toString()).contains("none: no such file");
    assertThat(dataDir).doesNotExist();
  }

  @Test
  void helpOfEveryCommandExitsZero() {
    assertThat(db("--help")).isZero();
    for (String command : List.of("psql", "backup", "restore")) {
      assertThat(db(command, "--help")).as(command).isZero();
      assertThat(out.toString()).contains("--config");
    }
  }

  @Test
  void wrongUsageOrConfigExitsTwo() throws IOException {
    assertThat(db()).isEqualTo(2);
    assertThat(db("backup", dir.resolve("x").toString())).isEqualTo(2);
    assertThat(db("vacuum", "--config", config.toString())).isEqualTo(2);
    Files.writeString(config, "database: {embeded: {}}\n");
    assertThat(db("backup", "--config", config.toString(), dir.resolve("x").toString()))
        .isEqualTo(2);
    assertThat(err.toString()).contains("agent.yaml: database.embeded: unknown key");
  }

  @Test
  void psqlStartsTheEmbeddedServerWhenNoAgentRuns() throws Exception {
    assumePsql();
    Result psql = run("psql", "--config", config.toString(), "-c", "SHOW fsync");

    assertThat(psql.exitCode()).as(psql.output()).isZero();
    assertThat(psql.output()).containsPattern("(?m)^ on$");
  }

  @Test
  void psqlReachesTheServerOfTheRunningAgent() throws Exception {
    assumePsql();
    try (Database running = open()) {
      int port = running.connectOptions().getPort();
      Result psql =
          run("psql", "--config", config.toString(), "-At", "-c", "SHOW port", "-c", "SHOW fsync");

      assertThat(psql.exitCode()).as(psql.output()).isZero();
      assertThat(psql.output().lines()).containsExactly(Integer.toString(port), "on");
    }
  }

  private Database open() throws IOException {
    return Database.open(AgentConfig.load(config).database());
  }

  private void wipe() throws IOException {
    try (Stream<Path> files = Files.walk(dataDir)) {
      for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(file);
      }
    }
    Files.delete(dir.resolve("postgres.password"));
  }

  private List<String> accountsAfterSetUp() throws Exception {
    try (Database database = open()) {
      addAccounts(database);
      return rows(database, ACCOUNTS);
    }
  }

  private List<String> accountsNow() throws Exception {
    try (Database database = open()) {
      return rows(database, ACCOUNTS);
    }
  }

  /** A backup of three accounts, after which one of them is deleted and another one made. */
  private Path backupThenChange() throws Exception {
    accountsAfterSetUp();
    Path backup = dir.resolve("gatehouse.backup");
    assertThat(db("backup", "--config", config.toString(), backup.toString())).isZero();
    try (Database database = open()) {
      execute(
          database,
          "DELETE FROM players WHERE login = 'bob'",
          "INSERT INTO players (login, password_hash, gender) VALUES ('carol', '" + HASH + "', 1)");
    }
    return backup;
  }

  private static void addAccounts(Database database) throws SQLException {
    execute(
        database,
        "INSERT INTO players (login, password_hash, gender, status, created_at) VALUES"
            + " ('alice', '"
            + HASH
            + "1', 0, 'active', '2026-11-20 10:00:00.123456+00'),"
            + " ('Bob', '"
            + HASH
            + "2', 1, 'blocked', '2026-11-21 11:30:00+03'),"
            // COPY escapes a tab, a backslash and a line break inside a value: all come back.
            + " ('odd_one', '$argon2id$' || chr(9) || 'a\\b' || chr(10) || 'c', 0, 'active', now())",
        "INSERT INTO telegram_players (player_id, telegram_id)"
            + " SELECT id, 1000 + id FROM players",
        "DELETE FROM server_constants",
        "INSERT INTO server_constants (name, value) VALUES ('server_status', 0.5)");
  }

  private static void execute(Database database, String... statements) throws SQLException {
    try (Connection connection = database.connect();
        Statement statement = connection.createStatement()) {
      for (String sql : statements) {
        statement.execute(sql);
      }
    }
  }

  private static List<String> rows(Database database, String sql) throws SQLException {
    try (Connection connection = database.connect();
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(sql)) {
      List<String> values = new ArrayList<>();
      int columns = rows.getMetaData().getColumnCount();
      while (rows.next()) {
        List<String> row = new ArrayList<>();
        for (int i = 1; i <= columns; i++) {
          row.add(rows.getString(i));
        }
        values.add(String.join("|", row));
      }
      return values;
    }
  }

  private int db(String... args) {
    CommandLine command = DbMain.commandLine();
    command.setOut(new PrintWriter(out, true));
    command.setErr(new PrintWriter(err, true));
    return command.execute(args);
  }

  private record Result(int exitCode, String output) {}

  /** The command as its own process, as the launcher runs it: psql writes to the real stdout. */
  private Result run(String... args) throws Exception {
    Path log = dir.resolve("db.log");
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                DbMain.class.getName()));
    command.addAll(List.of(args));
    Process process =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    if (!process.waitFor(120, TimeUnit.SECONDS)) {
      process.destroy();
      throw new AssertionError("gatehouse db did not finish: " + Files.readString(log));
    }
    return new Result(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
  }

  private static void assumePsql() {
    boolean installed =
        Stream.of(System.getenv("PATH").split(":"))
            .anyMatch(folder -> Files.isExecutable(Path.of(folder, "psql")));
    if (System.getenv("CI") != null) {
      assertThat(installed).as("psql (postgresql-client) is installed").isTrue();
    }
    assumeTrue(installed, "psql (Debian: postgresql-client) is not installed");
  }
}
