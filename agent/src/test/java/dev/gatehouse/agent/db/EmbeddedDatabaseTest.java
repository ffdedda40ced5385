package dev.gatehouse.agent.db;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.shared.testing.TestYaml;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedDatabaseTest {

  @TempDir Path dataDir;

  @Test
  void embeddedDatabaseKeepsItsRowsAcrossRestarts() throws Exception {
    DatabaseConfig config =
        DatabaseConfig.from(
            TestYaml.parse(
                "embedded: {data_dir: %s}\nseed_example_constants: true".formatted(dataDir)));

    try (Database first = Database.open(config)) {
      run(first, "UPDATE server_constants SET value = 0.0 WHERE name = 'server_status'");
    }
    try (Database second = Database.open(config)) {
      assertThat(run(second, "SELECT value FROM server_constants WHERE name = 'server_status'"))
          .isEqualTo(0.0);
    }
    assertThat(dataDir.resolve("PG_VERSION")).exists();
  }

  private static Double run(Database database, String sql) {
    Vertx vertx = Vertx.vertx();
    try {
      Pool pool = database.pool(vertx, 1);
      var rows = pool.query(sql).execute().toCompletionStage().toCompletableFuture().join();
      return rows.size() == 0 ? null : rows.iterator().next().getDouble(0);
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().join();
    }
  }
}
