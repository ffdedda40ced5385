package dev.gatehouse.agent.db.backup;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.flywaydb.core.api.MigrationVersion;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * Restores a backup into a database whose schema is migrated: in one transaction, every gatehouse
 * table is emptied and refilled from the file, and identity sequences continue after the restored
 * ids. Anything wrong in the file (not a backup, a newer schema, cut short, a row the tables
 * refuse) rolls everything back: the database is as it was.
 */
public final class BackupReader {

  private BackupReader() {}

  /** Thrown for a file that is not a backup this version can restore; nothing was changed. */
  public static final class RefusedException extends IOException {
    RefusedException(String message) {
      super(message);
    }
  }

  public static Summary restore(Connection connection, BufferedReader in)
      throws SQLException, IOException {
    expectMagic(in);
    MigrationVersion fileVersion = fileVersion(in);
    Schema.fixSessionFormats(connection);
    connection.setAutoCommit(false);
    try {
      MigrationVersion ours =
          Schema.version(connection)
              .orElseThrow(() -> new SQLException("the database has no gatehouse schema"));
      if (fileVersion.compareTo(ours) > 0) {
        throw new RefusedException(
            "the backup is from a newer schema (version "
                + fileVersion
                + ") than this gatehouse's (version "
                + ours
                + "): restore it with the gatehouse that made it, or a newer one");
      }
      Map<String, Table> tables = Schema.tables(connection);
      empty(connection, tables);
      long rows = refill(connection, tables, in);
      Sequences.continueAfterRestored(connection, tables);
      connection.commit();
      return new Summary(fileVersion.toString(), tables.size(), rows);
    } catch (CharacterCodingException e) {
      connection.rollback();
      throw new RefusedException("damaged backup: not UTF-8 text");
    } catch (SQLException | IOException | RuntimeException e) {
      connection.rollback();
      throw e;
    }
  }

  private static MigrationVersion fileVersion(BufferedReader in) throws IOException {
    String line = in.readLine();
    if (line == null || !line.startsWith(BackupFormat.SCHEMA_VERSION)) {
      throw new RefusedException("damaged backup: no schema version after the first line");
    }
    try {
      return MigrationVersion.fromVersion(
          line.substring(BackupFormat.SCHEMA_VERSION.length()).strip());
    } catch (RuntimeException e) {
      throw new RefusedException("damaged backup: bad schema version: " + line);
    }
  }

  private static void empty(Connection connection, Map<String, Table> tables) throws SQLException {
    if (tables.isEmpty()) {
      return;
    }
    try (Statement statement = connection.createStatement()) {
      statement.execute(
          "TRUNCATE "
              + String.join(", ", tables.values().stream().map(Table::quotedName).toList()));
    }
  }

  private static long refill(Connection connection, Map<String, Table> tables, BufferedReader in)
      throws SQLException, IOException {
    Set<String> restored = new HashSet<>();
    long rows = 0;
    String line = in.readLine();
    while (line != null && line.startsWith(BackupFormat.TAKEN_AT)) {
      line = in.readLine();
    }
    while (line != null && line.startsWith(BackupFormat.TABLE)) {
      String[] header = line.substring(BackupFormat.TABLE.length()).split(" ", -1);
      if (header.length != 2) {
        throw new RefusedException("damaged backup: " + line);
      }
      Table table = tables.get(header[0]);
      if (table == null || !restored.add(table.name())) {
        throw new RefusedException(
            "the backup has table '" + header[0] + "', which this schema has not (or twice)");
      }
      List<String> columns = Arrays.asList(header[1].split(","));
      if (!table.columns().containsAll(columns)
          || new HashSet<>(columns).size() != columns.size()) {
        throw new RefusedException(
            "the backup's columns of '" + table.name() + "' do not match this schema: " + columns);
      }
      rows += copyIn(connection, table, columns, in);
      line = in.readLine();
    }
    if (line == null || !line.equals(BackupFormat.END + restored.size()) || in.readLine() != null) {
      throw new RefusedException("damaged backup: it does not end where a backup ends");
    }
    return rows;
  }

  private static long copyIn(
      Connection connection, Table table, List<String> columns, BufferedReader in)
      throws SQLException, IOException {
    CopyIn copy =
        connection
            .unwrap(PGConnection.class)
            .getCopyAPI()
            .copyIn(
                "COPY "
                    + table.quotedName()
                    + " ("
                    + table.quotedColumns(columns)
                    + ") FROM STDIN");
    try {
      String line;
      while ((line = in.readLine()) != null && !line.equals(BackupFormat.END_OF_ROWS)) {
        byte[] row = (line + "\n").getBytes(StandardCharsets.UTF_8);
        copy.writeToCopy(row, 0, row.length);
      }
      if (line == null) {
        throw new RefusedException("damaged backup: table '" + table.name() + "' is cut short");
      }
      long copied = copy.endCopy();
      String count = in.readLine();
      if (count == null || !count.equals(BackupFormat.ROWS + copied)) {
        throw new RefusedException(
            "damaged backup: table '"
                + table.name()
                + "' should have "
                + count
                + ", has "
                + copied);
      }
      return copied;
    } finally {
      if (copy.isActive()) {
        copy.cancelCopy();
      }
    }
  }

  /** Reads no further than the first line's length: a large file of anything else is no line. */
  private static void expectMagic(BufferedReader in) throws IOException {
    String expected = BackupFormat.MAGIC + "\n";
    char[] start = new char[expected.length()];
    int read = 0;
    int n;
    try {
      while (read < start.length && (n = in.read(start, read, start.length - read)) > 0) {
        read += n;
      }
    } catch (CharacterCodingException e) {
      throw new RefusedException("not a gatehouse backup");
    }
    if (!expected.equals(new String(start, 0, read))) {
      throw new RefusedException("not a gatehouse backup");
    }
  }
}
