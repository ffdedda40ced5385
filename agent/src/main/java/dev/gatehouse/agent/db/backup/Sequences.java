package dev.gatehouse.agent.db.backup;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;

/** The identity and serial sequences of restored tables. */
final class Sequences {

  private Sequences() {}

  /** Identity and serial columns continue after the highest restored value. */
  static void continueAfterRestored(Connection connection, Map<String, Table> tables)
      throws SQLException {
    for (Table table : tables.values()) {
      for (String column : table.columns()) {
        String sequence = sequence(connection, table, column);
        if (sequence != null) {
          String max = "(SELECT max(" + Table.quote(column) + ") FROM " + table.quotedName() + ")";
          try (PreparedStatement statement =
              connection.prepareStatement(
                  "SELECT setval(?::regclass, COALESCE("
                      + max
                      + ", 1), "
                      + max
                      + " IS NOT NULL)")) {
            statement.setString(1, sequence);
            statement.execute();
          }
        }
      }
    }
  }

  private static String sequence(Connection connection, Table table, String column)
      throws SQLException {
    try (PreparedStatement statement =
        connection.prepareStatement("SELECT pg_get_serial_sequence(?, ?)")) {
      statement.setString(1, table.quotedName());
      statement.setString(2, column);
      try (ResultSet rows = statement.executeQuery()) {
        rows.next();
        return rows.getString(1);
      }
    }
  }
}
