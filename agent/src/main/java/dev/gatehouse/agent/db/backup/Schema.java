package dev.gatehouse.agent.db.backup;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.flywaydb.core.api.MigrationVersion;

/**
 * What the connected database holds of gatehouse: its tables (in the schema the migrations made,
 * Flyway's own history left out), parents before the tables that refer to them, and the version of
 * the last migration applied.
 */
final class Schema {

  static final String FLYWAY_HISTORY = "flyway_schema_history";

  private static final String TABLES =
      "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
          + " WHERE n.nspname = current_schema() AND c.relkind = 'r' AND NOT c.relispartition"
          + " AND c.relname <> '"
          + FLYWAY_HISTORY
          + "' ORDER BY c.relname";
  private static final String COLUMNS =
      "SELECT a.attname FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid"
          + " JOIN pg_namespace n ON n.oid = c.relnamespace"
          + " WHERE n.nspname = current_schema() AND c.relname = ?"
          + " AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = ''"
          + " ORDER BY a.attnum";
  private static final String REFERENCES =
      "SELECT child.relname, parent.relname FROM pg_constraint k"
          + " JOIN pg_class child ON child.oid = k.conrelid"
          + " JOIN pg_class parent ON parent.oid = k.confrelid"
          + " JOIN pg_namespace n ON n.oid = child.relnamespace"
          + " WHERE k.contype = 'f' AND n.nspname = current_schema()";
  private static final String VERSIONS =
      "SELECT version FROM " + FLYWAY_HISTORY + " WHERE success AND version IS NOT NULL";

  private Schema() {}

  /** The tables by name, in an order where every table comes after those it refers to. */
  static Map<String, Table> tables(Connection connection) throws SQLException {
    Map<String, Set<String>> parents = new TreeMap<>();
    for (String name : strings(connection, TABLES)) {
      parents.put(name, new TreeSet<>());
    }
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(REFERENCES)) {
      while (rows.next()) {
        String child = rows.getString(1);
        String parent = rows.getString(2);
        if (!child.equals(parent) && parents.containsKey(child)) {
          parents.get(child).add(parent);
        }
      }
    }
    Map<String, Table> ordered = new LinkedHashMap<>();
    while (ordered.size() < parents.size()) {
      int before = ordered.size();
      for (Map.Entry<String, Set<String>> entry : parents.entrySet()) {
        if (!ordered.containsKey(entry.getKey())
            && ordered.keySet().containsAll(entry.getValue())) {
          ordered.put(
              entry.getKey(), new Table(entry.getKey(), columns(connection, entry.getKey())));
        }
      }
      if (ordered.size() == before) {
        throw new SQLException("the tables' foreign keys form a cycle: " + parents);
      }
    }
    return ordered;
  }

  /** The highest migration version applied, or empty before the first migration. */
  static Optional<MigrationVersion> version(Connection connection) throws SQLException {
    return strings(connection, VERSIONS).stream()
        .map(MigrationVersion::fromVersion)
        .max(MigrationVersion::compareTo);
  }

  private static List<String> columns(Connection connection, String table) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(COLUMNS)) {
      statement.setString(1, table);
      try (ResultSet rows = statement.executeQuery()) {
        List<String> names = new ArrayList<>();
        while (rows.next()) {
          names.add(rows.getString(1));
        }
        return names;
      }
    }
  }

  private static List<String> strings(Connection connection, String sql) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(sql)) {
      List<String> values = new ArrayList<>();
      while (rows.next()) {
        values.add(rows.getString(1));
      }
      return values;
    }
  }

  /** Makes COPY's text the same on every server: dates, times and numbers. */
  static void fixSessionFormats(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute("SET TIME ZONE 'UTC'");
      statement.execute("SET DateStyle = 'ISO, YMD'");
      statement.execute("SET IntervalStyle = 'iso_8601'");
      statement.execute("SET extra_float_digits = 3");
      statement.execute("SET bytea_output = 'hex'");
    }
  }
}
