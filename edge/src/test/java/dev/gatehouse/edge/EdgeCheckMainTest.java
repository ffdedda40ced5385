package dev.gatehouse.edge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.edge.testing.TestEdges;
import io.vertx.core.net.SelfSignedCertificate;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code gatehouse check} on an edge config: exit 0 when the edge would start, 2 when not. */
class EdgeCheckMainTest {

  @TempDir Path dir;

  @Test
  void validConfigWithItsCertificateAndKeyExitsZero() throws Exception {
    assertThat(check(config(TestEdges.yaml(TestEdges.freePort(), -1, TestEdges.freePort(), ""))))
        .isZero();
  }

  @Test
  void keyOfAnotherCertificateExitsTwo() throws Exception {
    String otherKey = SelfSignedCertificate.create("other.example").privateKeyPath();
    String yaml =
        TestEdges.yaml(TestEdges.freePort(), -1, TestEdges.freePort(), "")
            .replace(TestEdges.CERTIFICATE.privateKeyPath(), otherKey);

    assertThat(check(config(yaml))).isEqualTo(2);
  }

  @Test
  void expiredCertificateExitsTwo() throws Exception {
    io.netty.handler.ssl.util.SelfSignedCertificate expired =
        new io.netty.handler.ssl.util.SelfSignedCertificate(
            "api.example.com",
            Date.from(Instant.now().minus(Duration.ofDays(100))),
            Date.from(Instant.now().minus(Duration.ofDays(10))));
    String yaml =
        TestEdges.yaml(TestEdges.freePort(), -1, TestEdges.freePort(), "")
            .replace(TestEdges.CERTIFICATE.certificatePath(), expired.certificate().toString())
            .replace(TestEdges.CERTIFICATE.privateKeyPath(), expired.privateKey().toString());

    assertThat(check(config(yaml))).isEqualTo(2);
  }

  @Test
  void unknownKeyExitsTwo() throws Exception {
    assertThat(check(config("listen: {prot: 1}\n"))).isEqualTo(2);
  }

  @Test
  void missingConfigOptionIsAUsageErrorExitingTwo() {
    assertThat(new CommandLine(new EdgeCheckMain()).execute()).isEqualTo(2);
  }

  private Path config(String yaml) throws Exception {
    return Files.writeString(dir.resolve("edge.yaml"), yaml);
  }

  private static int check(Path config) {
    return new CommandLine(new EdgeCheckMain()).execute("--config", config.toString());
  }
}
