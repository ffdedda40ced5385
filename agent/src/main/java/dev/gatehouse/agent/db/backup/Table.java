package dev.gatehouse.agent.db.backup;

import java.util.List;

/** One of gatehouse's tables and the columns a backup carries (all but generated ones). */
record Table(String name, List<String> columns) {

  Table {
    columns = List.copyOf(columns);
  }

  String quotedName() {
    return quote(name);
  }

  String quotedColumns(List<String> names) {
    return String.join(", ", names.stream().map(Table::quote).toList());
  }

  static String quote(String identifier) {
    return '"' + identifier.replace("\"", "\"\"") + '"';
  }
}
