package dev.gatehouse.edge.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.agent.Agent;
import dev.gatehouse.agent.AgentConfig;
import dev.gatehouse.agent.testing.TestAgents;
import dev.gatehouse.agent.testing.TestPostgres;
import dev.gatehouse.edge.testing.TestEdges;
import dev.gatehouse.shared.testing.TestYaml;
import dev.gatehouse.shared.trust.SharedSecret;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** What {@code gatehouse doctor --edge} tells an operator, line by line. */
class EdgeDoctorTest {

  @TempDir Path dir;

  @Test
  void healthySetupIsAllOk() throws Exception {
    String db = TestPostgres.newDatabase();
    try (Agent agent = TestAgents.start(db, "")) {
      Report report = doctor(config(TestEdges.CERTIFICATE.certificatePath(), agent.port()), "none");

      assertThat(report.exitCode).isZero();
      assertThat(report.output)
          .contains("[ ok ] config")
          .contains("[ ok ] certificate")
          .contains("[ ok ] agent        127.0.0.1:" + agent.port() + " answers")
          .containsPattern("\\[ ok \\] clock +127\\.0\\.0\\.1:\\d+ within [01] s")
          .doesNotContain("[FAIL]");
    }
  }

  @Test
  void anAssertedRequestTellsWhetherTheAgentHoldsTheEdgesSecret() throws Exception {
    SharedSecret edgeSecret = SharedSecret.generate();
    SharedSecret otherSecret = SharedSecret.generate();
    Path edgeFile = Files.writeString(dir.resolve("edge-secret"), edgeSecret.encoded());
    String db = TestPostgres.newDatabase();
    for (SharedSecret agentSecret : new SharedSecret[] {edgeSecret, otherSecret}) {
      Path trusted = Files.writeString(dir.resolve("agent-secret"), agentSecret.encoded());
      AgentConfig agentConfig =
          AgentConfig.from(
              TestYaml.parse(
                  """
                  listen: {host: 127.0.0.1, port: 0}
                  database: {url: %s}
                  trust: {edge_secret_file: %s}
                  routes:
                    - {path: /api/server/status, backend: status}
                  """
                      .formatted(db, trusted)));
      try (Agent agent = Agent.start(agentConfig)) {
        Path config = config(TestEdges.CERTIFICATE.certificatePath(), agent.port());
        Files.writeString(
            config,
            "agent_assertion: {secret_file: " + edgeFile + "}\n",
            StandardOpenOption.APPEND);

        Report report = doctor(config, "none");

        if (agentSecret == edgeSecret) {
          assertThat(report.output).contains("[ ok ] assertion    127.0.0.1:" + agent.port());
        } else {
          assertThat(report.exitCode).isEqualTo(1);
          assertThat(report.output)
              .contains(
                  "[FAIL] assertion    127.0.0.1:"
                      + agent.port()
                      + " refuses the edge's assertion: its trust.edge_secret_file does not hold"
                      + " the secret of agent_assertion.secret_file");
        }
      }
    }
  }

  @Test
  void expiredCertificateIsAFailureThatSaysSo() throws Exception {
    io.netty.handler.ssl.util.SelfSignedCertificate expired =
        new io.netty.handler.ssl.util.SelfSignedCertificate(
            "api.example.com",
            Date.from(Instant.now().minus(Duration.ofDays(100))),
            Date.from(Instant.now().minus(Duration.ofDays(10))));
    Path cert = Files.copy(expired.certificate().toPath(), dir.resolve("expired.pem"));

    Report report = doctor(config(cert.toString(), TestEdges.freePort()), "none");

    assertThat(report.exitCode).isEqualTo(1);
    assertThat(report.output)
        .containsPattern(
            "\\[FAIL\\] certificate .*expired\\.pem \\(CN=api\\.example\\.com\\) EXPIRED 10 days ago");
  }

  @Test
  void brokenTunnelShowsAsAnUnreachableAgentAndAMissingInterface() throws Exception {
    int nobody = TestEdges.freePort();

    Report report = doctor(config(TestEdges.CERTIFICATE.certificatePath(), nobody), "ghtest-nowg0");

    assertThat(report.exitCode).isEqualTo(1);
    assertThat(report.output)
        .contains("[FAIL] agent        127.0.0.1:" + nobody + " unreachable")
        .contains("is the tunnel up and the agent running?");
    assertThat(report.output)
        .containsPattern(
            "\\[FAIL\\] tunnel +no WireGuard interface ghtest-nowg0|\\[warn\\] tunnel +the wg command is not installed");
  }

  @Test
  void configErrorIsTheOnlyLine() throws Exception {
    Path config = Files.writeString(dir.resolve("edge.yaml"), "listen: {prot: 1}\n");

    Report report = doctor(config, "none");

    assertThat(report.exitCode).isEqualTo(1);
    assertThat(report.output.strip().lines()).hasSize(1);
    assertThat(report.output)
        .startsWith("[FAIL] config       " + config + ": listen.prot: unknown key");
  }

  private record Report(int exitCode, String output) {}

  private Report doctor(Path config, String iface) {
    StringWriter out = new StringWriter();
    int code =
        new CommandLine(new EdgeDoctor())
            .setOut(new PrintWriter(out))
            .execute("--config", config.toString(), "--interface", iface);
    return new Report(code, out.toString());
  }

  private Path config(String certificate, int agentPort) throws Exception {
    String yaml =
        TestEdges.yaml(TestEdges.freePort(), -1, agentPort, "")
            .replace(TestEdges.CERTIFICATE.certificatePath(), certificate);
    return Files.writeString(dir.resolve("edge.yaml"), yaml);
  }
}
