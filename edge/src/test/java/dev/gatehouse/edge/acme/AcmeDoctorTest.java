package dev.gatehouse.edge.acme;

import static dev.gatehouse.edge.testing.AcmeTestbed.DOMAIN;
import static dev.gatehouse.edge.testing.AcmeTestbed.ELSEWHERE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.edge.Edge;
import dev.gatehouse.edge.doctor.EdgeDoctor;
import dev.gatehouse.edge.testing.AcmeTestbed;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code doctor} reports the ACME account, certificate, renewal and port-80 reachability. */
@ExtendWith(VertxExtension.class)
class AcmeDoctorTest {

  static final Duration WAIT = Duration.ofSeconds(60);

  @TempDir Path dir;
  private AcmeTestbed testbed;

  @BeforeEach
  void start(Vertx vertx) throws Exception {
    testbed = new AcmeTestbed(vertx, dir, Optional.empty());
  }

  @AfterEach
  void stop() throws Exception {
    if (testbed != null) { // absent when the test was skipped for want of pebble
      testbed.close();
    }
  }

  @Test
  void issuedCertificateAndReachablePort80AreOk() throws Exception {
    Path config = Files.writeString(dir.resolve("edge.yaml"), testbed.yaml(List.of(DOMAIN)));
    try (Edge edge = testbed.startEdge(List.of(DOMAIN))) {
      testbed.awaitStatus(edge, s -> s.containsKey("serial"), WAIT);

      String report = doctor(config);

      assertThat(report)
          .containsPattern("\\[ ok \\] acme account +https://localhost:\\d+/")
          .containsPattern("\\[ ok \\] acme cert +serial [0-9a-f]+ for \\[" + DOMAIN + "\\]")
          .contains("[ ok ] acme renewal next renewal at ")
          .contains("[ ok ] port 80      " + DOMAIN + " reaches this edge");
    }
  }

  @Test
  void failedRenewalAndUnreachablePort80AreFailures() throws Exception {
    try (Edge edge = testbed.startEdge(List.of(DOMAIN))) {
      testbed.awaitStatus(edge, s -> s.containsKey("serial"), WAIT);
    }
    testbed.stopPebble();
    Path config =
        Files.writeString(dir.resolve("edge.yaml"), testbed.yaml(List.of(DOMAIN, ELSEWHERE)));
    try (Edge edge = testbed.startEdge(List.of(DOMAIN, ELSEWHERE))) {
      testbed.awaitStatus(edge, s -> s.containsKey("last_error"), WAIT);
    }

    String report = doctor(config);

    assertThat(report)
        .contains("[warn] acme cert    serial ")
        .contains("does not cover all of [" + DOMAIN + ", " + ELSEWHERE + "]")
        .containsPattern(
            "\\[FAIL\\] acme renewal the last attempt, at \\S+, failed: cannot reach the ACME"
                + " server at https://localhost:\\d+/dir")
        .contains("[FAIL] port 80      cannot reach http://" + DOMAIN);
  }

  private String doctor(Path config) {
    StringWriter out = new StringWriter();
    new CommandLine(new EdgeDoctor())
        .setOut(new PrintWriter(out))
        .execute(
            "--config",
            config.toString(),
            "--interface",
            "none",
            "--probe-http",
            "127.0.0.1:" + testbed.httpPort());
    return out.toString();
  }
}
