package dev.gatehouse.agent.db.backup;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.flywaydb.core.api.MigrationVersion;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * Dumps gatehouse's tables over JDBC. One read-only REPEATABLE READ transaction sees a single
 * snapshot, so the file is consistent across tables while the agent keeps writing.
 */
public final class BackupWriter {

  private BackupWriter() {}

  /** Writes the backup of the database behind {@code connection} to {@code out}. */
  public static Summary write(Connection connection, OutputStream out)
      throws SQLException, IOException {
    Schema.fixSessionFormats(connection);
    connection.setAutoCommit(false);
    connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
    connection.setReadOnly(true);
    try {
      Summary summary = write(connection, Schema.version(connection).orElse(null), out);
      connection.commit();
      return summary;
    } catch (SQLException | IOException | RuntimeException e) {
      connection.rollback();
      throw e;
    }
  }

  private static Summary write(Connection connection, MigrationVersion version, OutputStream out)
      throws SQLException, IOException {
    if (version == null) {
      throw new SQLException("the database has no gatehouse schema yet: nothing to back up");
    }
    CopyManager copy = connection.unwrap(PGConnection.class).getCopyAPI();
    line(out, BackupFormat.MAGIC);
    line(out, BackupFormat.SCHEMA_VERSION + version);
    line(out, BackupFormat.TAKEN_AT + Instant.now().truncatedTo(ChronoUnit.SECONDS));
    long rows = 0;
    var tables = Schema.tables(connection).values();
    for (Table table : tables) {
      line(out, BackupFormat.TABLE + table.name() + " " + String.join(",", table.columns()));
      long count =
          copy.copyOut(
              "COPY "
                  + table.quotedName()
                  + " ("
                  + table.quotedColumns(table.columns())
                  + ") TO STDOUT",
              out);
      line(out, BackupFormat.END_OF_ROWS);
      line(out, BackupFormat.ROWS + count);
      rows += count;
    }
    line(out, BackupFormat.END + tables.size());
    return new Summary(version.toString(), tables.size(), rows);
  }

  private static void line(OutputStream out, String text) throws IOException {
    out.write((text + "\n").getBytes(StandardCharsets.UTF_8));
  }
}
