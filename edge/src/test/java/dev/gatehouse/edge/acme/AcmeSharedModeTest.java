package dev.gatehouse.edge.acme;

import static dev.gatehouse.edge.testing.AcmeTestbed.DOMAIN;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.edge.Edge;
import dev.gatehouse.edge.config.EdgeConfig;
import dev.gatehouse.edge.testing.AcmeTestbed;
import dev.gatehouse.edge.testing.TestEdges;
import dev.gatehouse.edge.testing.TestRedis;
import dev.gatehouse.shared.testing.TestYaml;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two edges behind one name, sharing Redis: the CA's validation request reaches only the first
 * edge's port 80 (as round-robin DNS may decide), yet the second edge's order succeeds, because the
 * first answers the second's token from Redis.
 */
@ExtendWith(VertxExtension.class)
class AcmeSharedModeTest {

  static final Duration WAIT = Duration.ofSeconds(60);

  @TempDir Path dir;
  private AcmeTestbed testbed;
  private TestRedis redis;

  @BeforeEach
  void start(Vertx vertx) throws Exception {
    testbed = new AcmeTestbed(vertx, dir, Optional.empty());
    redis = new TestRedis();
  }

  @AfterEach
  void stop() throws Exception {
    // Both absent when the test was skipped for want of pebble.
    if (redis != null) {
      redis.close();
    }
    if (testbed != null) {
      testbed.close();
    }
  }

  @Test
  void edgeWhosePort80TheCaDoesNotReachIsValidatedThroughTheOther() throws Exception {
    String reached =
        testbed.yaml(List.of(DOMAIN), testbed.httpPort(), dir.resolve("first"), redis.yaml());
    String unreached =
        testbed.yaml(List.of(DOMAIN), TestEdges.freePort(), dir.resolve("second"), redis.yaml());
    try (Edge first = Edge.start(EdgeConfig.from(TestYaml.parse(reached)));
        Edge second = Edge.start(EdgeConfig.from(TestYaml.parse(unreached)))) {
      JsonObject firstStatus = testbed.awaitStatus(first, s -> s.containsKey("serial"), WAIT);
      JsonObject secondStatus =
          testbed.awaitStatus(
              second, s -> s.containsKey("serial") || s.containsKey("last_error"), WAIT);

      assertThat(secondStatus.getString("last_error")).isNull();
      assertThat(secondStatus.getString("serial")).isNotEqualTo(firstStatus.getString("serial"));
      String issued = secondStatus.getString("serial");
      assertThat(
              AcmeTestbed.awaitServed(
                      second, c -> c.getSerialNumber().toString(16).equals(issued), WAIT)
                  .getSerialNumber()
                  .toString(16))
          .isEqualTo(issued);
      assertThat(testbed.issuedCount()).isEqualTo(2);
    }
  }
}
