package dev.gatehouse.edge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.edge.testing.TestEdges;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** What an operator sees when {@code gatehouse edge --config F} cannot start. */
class EdgeStartupTest {

  @TempDir Path dir;

  @Test
  void misspeltKeyStopsStartUpNamingFileAndKey() throws Exception {
    Path config = write(TestEdges.yaml(TestEdges.freePort(), -1, 1010, "respone_timeout: 5s"));

    Run run = runEdge(config);

    assertThat(run.exitCode).isEqualTo(2);
    assertThat(run.stderr.strip())
        .isEqualTo("gatehouse edge: config error: " + config + ": upstreams.agent.respone_timeout: unknown key");
  }

  @Test
  void missingCertificateFileIsNamed() throws Exception {
    String yaml =
        TestEdges.yaml(TestEdges.freePort(), -1, 1010, "")
            .replace(TestEdges.CERTIFICATE.certificatePath(), "/etc/letsencrypt/live/none/fullchain.pem");
    Path config = write(yaml);

    Run run = runEdge(config);

    assertThat(run.exitCode).isEqualTo(2);
    assertThat(run.stderr)
        .contains(config + ": tls.cert: /etc/letsencrypt/live/none/fullchain.pem does not exist");
  }

  @Test
  void routeToAnUndefinedUpstreamIsNamed() throws Exception {
    Path config = write(TestEdges.yaml(TestEdges.freePort(), -1, 1010, "").replace("upstream: agent", "upstream: agnet"));

    Run run = runEdge(config);

    assertThat(run.exitCode).isEqualTo(2);
    assertThat(run.stderr).contains("routes[0].upstream: 'agnet' is not defined under upstreams");
  }

  @Test
  void malformedCorsOriginIsNamed() throws Exception {
    Path config =
        write(TestEdges.yaml(TestEdges.freePort(), -1, 1010, "") + "cors: {allowed_origins: [\"https://game example.com\"]}\n");

    Run run = runEdge(config);

    assertThat(run.exitCode).isEqualTo(2);
    assertThat(run.stderr)
        .contains("cors.allowed_origins[0]: 'https://game example.com' must look like https://game.example.com");
  }

  @Test
  void missingConfigFileIsNamed() {
    Run run = runEdge(dir.resolve("edge.yaml"));

    assertThat(run.exitCode).isEqualTo(2);
    assertThat(run.stderr).contains(dir.resolve("edge.yaml") + ": file not found");
  }

  private Path write(String yaml) throws Exception {
    return Files.writeString(dir.resolve("edge.yaml"), yaml);
  }

  private record Run(int exitCode, String stderr) {}

  private static Run runEdge(Path config) {
    PrintStream original = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      int code = new CommandLine(new EdgeMain()).execute("--config", config.toString());
      return new Run(code, captured.toString(StandardCharsets.UTF_8));
    } finally {
      System.setErr(original);
    }
  }
}
