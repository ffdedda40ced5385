package dev.gatehouse.edge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.edge.config.EdgeConfig;
import dev.gatehouse.edge.testing.TestEdges;
import dev.gatehouse.shared.config.ConfigFiles;
import dev.gatehouse.shared.password.Argon2id;
import dev.gatehouse.shared.testing.TestYaml;
import dev.gatehouse.shared.trust.SharedSecret;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/** What an operator sees when {@code gatehouse edge --config F} cannot start. */
class EdgeStartupTest {

  @TempDir Path dir;

  @Test
  void shippedConfigsParse() throws Exception {
    Path secret = Files.writeString(dir.resolve("agent-secret"), SharedSecret.generate().encoded());
    Map<String, String> env =
        Map.of(
            "GATEHOUSE_API_KEY",
            "an-api-key-long-enough-0123456789",
            "GATEHOUSE_AGENT_SECRET",
            secret.toString(),
            "GATEHOUSE_DEMO_API_KEY",
            "an-api-key-long-enough-0123456789",
            "GATEHOUSE_DEMO_PAGE_KEY",
            "a-page-key-long-enough-0123456789",
            "GATEHOUSE_DEMO_DIR",
            dir.toString(),
            "GATEHOUSE_DEMO_ADMIN_HASH",
            Argon2id.hash("a demo password"));
    Files.createDirectories(dir.resolve("tls"));
    Files.copy(Path.of(TestEdges.CERTIFICATE.certificatePath()), dir.resolve("tls/cert.pem"));
    Files.copy(Path.of(TestEdges.CERTIFICATE.privateKeyPath()), dir.resolve("tls/key.pem"));
    String production =
        Files.readString(Path.of("../conf/edge.yaml"))
            .replace("/etc/gatehouse/tls/fullchain.pem", TestEdges.CERTIFICATE.certificatePath())
            .replace("/etc/gatehouse/tls/privkey.pem", TestEdges.CERTIFICATE.privateKeyPath());
    EdgeConfig edge = EdgeConfig.from(TestYaml.parse(production, env));
    EdgeConfig demo =
        EdgeConfig.from(ConfigFiles.read(Path.of("../conf/demo/edge.yaml"), env::get));

    assertThat(edge.assertion().secret()).isPresent();
    assertThat(edge.routes()).anySatisfy(route -> assertThat(route.cache()).isPresent());
    assertThat(demo.assertion().secret()).isPresent();
    assertThat(demo.cors().allowedOrigins()).contains("http://localhost:8081");
    assertThat(demo.apiKeys().match("a-page-key-long-enough-0123456789"))
        .hasValueSatisfying(key -> assertThat(key.isPublic()).isTrue());
    assertThat(demo.kit().enabled()).isTrue();
    assertThat(demo.admin().auth().operators()).containsKey("admin");
  }

  @Test
  void misspeltKeyStopsStartUpNamingFileAndKey() throws Exception {
    Path config = write(TestEdges.yaml(TestEdges.freePort(), -1, 1010, "respone_timeout: 5s"));

    Run run = runEdge(config);

    assertThat(run.exitCode).isEqualTo(2);
    assertThat(run.stderr.strip())
        .isEqualTo(
            "gatehouse edge: config error: "
                + config
                + ": upstreams.agent.respone_timeout: unknown key");
  }

  @Test
  void missingCertificateFileIsNamed() throws Exception {
    String yaml =
        TestEdges.yaml(TestEdges.freePort(), -1, 1010, "")
            .replace(
                TestEdges.CERTIFICATE.certificatePath(),
                "/etc/letsencrypt/live/none/fullchain.pem");
    Path config = write(yaml);

    Run run = runEdge(config);

    assertThat(run.exitCode).isEqualTo(2);
    assertThat(run.stderr)
        .contains(config + ": tls.cert: /etc/letsencrypt/live/none/fullchain.pem does not exist");
  }

  @Test
  void adminListenerBeyondLoopbackStopsStartUpNamingTheKey() throws Exception {
    Path config =
        write(
            TestEdges.yaml(TestEdges.freePort(), -1, 1010, "")
                .replace("admin: {port: 0}", "admin: {host: 0.0.0.0, port: 0}"));

    Run run = runEdge(config);

    assertThat(run.exitCode).isEqualTo(2);
    assertThat(run.stderr).contains(config + ": admin.host: 0.0.0.0 is not a loopback address");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "admin: {port: 0}\\nlimits: {idle_timeout: 500ms} | limits.idle_timeout: 500ms (expected: at least 1s)",
        "admin: {port: 0}\\nlimits: {idle_timeout: 25d} | limits.idle_timeout: 25d (expected: at most 24h)",
        "admin: {port: 0, access_token_ttl: 2d} | admin.access_token_ttl: 2d (expected: at most 24h)",
        "admin: {port: 0}\\nlimits: {max_header_size: 2MiB} | limits.max_header_size: 2097152 bytes (expected: at most 1MiB)",
      })
  void aLimitOutOfItsBoundsIsNamed(String sections, String problem) throws Exception {
    Path config =
        write(
            TestEdges.yaml(TestEdges.freePort(), -1, 1010, "")
                .replace("admin: {port: 0}", sections.replace("\\n", "\n")));

    Run run = runEdge(config);

    assertThat(run.exitCode).isEqualTo(2);
    assertThat(run.stderr).contains(config + ": " + problem);
  }

  @Test
  void routeToAnUndefinedUpstreamIsNamed() throws Exception {
    Path config =
        write(
            TestEdges.yaml(TestEdges.freePort(), -1, 1010, "")
                .replace("upstream: agent", "upstream: agnet"));

    Run run = runEdge(config);

    assertThat(run.exitCode).isEqualTo(2);
    assertThat(run.stderr).contains("routes[0].upstream: 'agnet' is not defined under upstreams");
  }

  @Test
  void malformedCorsOriginIsNamed() throws Exception {
    Path config =
        write(
            TestEdges.yaml(TestEdges.freePort(), -1, 1010, "")
                + "cors: {allowed_origins: [\"https://game example.com\"]}\n");

    Run run = runEdge(config);

    assertThat(run.exitCode).isEqualTo(2);
    assertThat(run.stderr)
        .contains(
            "cors.allowed_origins[0]: 'https://game example.com' must look like https://game.example.com");
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
