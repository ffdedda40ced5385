package dev.gatehouse.edge.acme;

import static dev.gatehouse.edge.testing.AcmeTestbed.DOMAIN;
import static dev.gatehouse.edge.testing.AcmeTestbed.ELSEWHERE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.edge.Edge;
import dev.gatehouse.edge.testing.AcmeTestbed;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * When an order fails, the certificate being served stays, and the failure is reported: on the
 * admin {@code /health} and in the status file {@code doctor} reads. Each test starts from a
 * certificate pebble issued, then asks for a second domain so that the edge must order again.
 */
@ExtendWith(VertxExtension.class)
class AcmeFailureTest {

  static final Duration WAIT = Duration.ofSeconds(60);

  @TempDir Path dir;
  private AcmeTestbed testbed;
  private String issued;

  @BeforeEach
  void issueOnce(Vertx vertx) throws Exception {
    testbed = new AcmeTestbed(vertx, dir, Optional.empty());
    try (Edge edge = testbed.startEdge(List.of(DOMAIN))) {
      issued = testbed.awaitStatus(edge, s -> s.containsKey("serial"), WAIT).getString("serial");
    }
    assertThat(issued).isNotNull();
  }

  @AfterEach
  void stop() throws Exception {
    if (testbed != null) { // absent when the test was skipped for want of pebble
      testbed.close();
    }
  }

  @Test
  void unreachableCaKeepsTheCurrentCertificateAndReportsTheFailure() throws Exception {
    testbed.stopPebble();

    try (Edge edge = testbed.startEdge(List.of(DOMAIN, ELSEWHERE))) {
      JsonObject acme = testbed.awaitStatus(edge, s -> s.containsKey("last_error"), WAIT);

      assertThat(acme.getString("last_error")).containsIgnoringCase("connect");
      assertThat(acme.getString("serial")).isEqualTo(issued);
      assertThat(Instant.parse(acme.getString("next_renewal"))).isAfter(Instant.now());
      assertThat(AcmeTestbed.servedSerial(edge)).isEqualTo(issued);
      assertThat(statusFile()).containsEntry("last_error", acme.getString("last_error"));
    }
  }

  @Test
  void failedChallengeKeepsTheCurrentCertificateAndReportsTheFailure() throws Exception {
    try (Edge edge = testbed.startEdge(List.of(DOMAIN, ELSEWHERE))) {
      JsonObject acme = testbed.awaitStatus(edge, s -> s.containsKey("last_error"), WAIT);

      assertThat(acme.getString("last_error"))
          .contains("the http-01 challenge for " + ELSEWHERE + " failed");
      assertThat(acme.getString("serial")).isEqualTo(issued);
      assertThat(AcmeTestbed.servedSerial(edge)).isEqualTo(issued);
      assertThat(testbed.issuedCount()).isEqualTo(1);
      assertThat(statusFile()).containsEntry("serial", issued);
    }
  }

  private java.util.Map<String, Object> statusFile() throws Exception {
    return new JsonObject(Files.readString(testbed.stateDir().resolve("status.json"))).getMap();
  }
}
