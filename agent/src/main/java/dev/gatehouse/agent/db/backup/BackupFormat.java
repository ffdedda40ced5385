package dev.gatehouse.agent.db.backup;

/**
 * The backup file: UTF-8 text, one table after another in PostgreSQL's COPY text format.
 *
 * <pre>
 * gatehouse-backup 1
 * schema_version 2
 * taken_at 2026-11-23T06:00:00Z
 * table players id,login,password_hash,gender,status,created_at
 * 1	alice	$argon2id$v=19$…	0	active	2026-11-20 10:00:00+00
 * \.
 * rows 1
 * …
 * end 4
 * </pre>
 *
 * A row of COPY text is never the line {@code \.}: a backslash in a value is written {@code \\}.
 */
final class BackupFormat {

  static final String MAGIC = "gatehouse-backup 1";
  static final String SCHEMA_VERSION = "schema_version ";
  static final String TAKEN_AT = "taken_at ";
  static final String TABLE = "table ";
  static final String END_OF_ROWS = "\\.";
  static final String ROWS = "rows ";
  static final String END = "end ";

  private BackupFormat() {}
}
