package dev.gatehouse.agent.db.backup;

/** What a backup holds, or a restore put back. */
public record Summary(String schemaVersion, int tables, long rows) {

  @Override
  public String toString() {
    return tables + " tables, " + rows + " rows, schema version " + schemaVersion;
  }
}
