package dev.gatehouse.agent.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real PostgreSQL server for tests, one per test JVM, started from the embedded binaries. Each
 * caller of {@link #newDatabase()} gets a database of its own, so tests never see each other's rows
 * or schema changes.
 */
public final class TestPostgres {

  private static final AtomicInteger DATABASES = new AtomicInteger();
  private static EmbeddedPostgres server;

  private TestPostgres() {}

  /** Creates an empty database and returns its {@code postgresql://} URL. */
  public static synchronized String newDatabase() {
    String name = "test_" + DATABASES.incrementAndGet();
    execute("postgres", "CREATE DATABASE " + name);
    return url(name);
  }

  public static String url(String database) {
    return "postgresql://postgres@localhost:" + server().getPort() + "/" + database;
  }

  /** Runs statements in the database behind {@code url}. */
  public static void execute(String url, String... statements) {
    try (Connection c = connect(url);
        Statement s = c.createStatement()) {
      for (String sql : statements) {
        s.execute(sql);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The first column of the first row of {@code sql}, as a long. */
  public static long queryLong(String url, String sql) {
    try (Connection c = connect(url);
        Statement s = c.createStatement();
        ResultSet rows = s.executeQuery(sql)) {
      rows.next();
      return rows.getLong(1);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The first column of every row of {@code sql}, as strings. */
  public static List<String> queryStrings(String url, String sql) {
    try (Connection c = connect(url);
        Statement s = c.createStatement();
        ResultSet rows = s.executeQuery(sql)) {
      List<String> values = new ArrayList<>();
      while (rows.next()) {
        values.add(rows.getString(1));
      }
      return values;
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** {@code url} as {@link #url} gives it, of this or another server, or a database name alone. */
  private static Connection connect(String url) throws SQLException {
    String where =
        url.contains("@")
            ? url.substring(url.indexOf('@') + 1)
            : "localhost:" + server().getPort() + "/" + url;
    return DriverManager.getConnection("jdbc:postgresql://" + where, "postgres", "");
  }

  private static synchronized EmbeddedPostgres server() {
    if (server == null) {
      try {
        server = EmbeddedPostgres.builder().start();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return server;
  }
}
