package dev.gatehouse.edge.trust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.agent.AgentConfig;
import dev.gatehouse.edge.config.EdgeConfig;
import dev.gatehouse.edge.testing.TestEdges;
import dev.gatehouse.shared.config.ConfigException;
import dev.gatehouse.shared.testing.TestYaml;
import dev.gatehouse.shared.trust.SharedSecret;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What an operator sees when the secret shared by edge and agent is missing, short or old. */
class AssertionSecretConfigTest {

  private static final String EDGE_ROUTES =
      """
      tls: {cert: %s, key: %s}
      upstreams:
        home: {targets: ["10.8.0.2:9000"]%s}
      routes: [{path: /api/server/status, upstream: home}]
      """;

  @TempDir Path dir;

  @Test
  void aMissingSecretFileNamesTheKeyAndTheFile() {
    Path missing = dir.resolve("nowhere/agent-secret");

    assertThatThrownBy(() -> edge("agent_assertion: {secret_file: " + missing + "}\n", ""))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith(
            "test.yaml: agent_assertion.secret_file: " + missing + " does not exist");
    assertThatThrownBy(() -> agent("trust: {edge_secret_file: " + missing + "}\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith(
            "test.yaml: trust.edge_secret_file: " + missing + " does not exist");
  }

  @Test
  void aSecretShorterThan256BitsNamesTheKeyAndTheFile() throws Exception {
    Path shortFile = dir.resolve("short-secret");
    Files.writeString(shortFile, Base64.getUrlEncoder().encodeToString(new byte[31]) + "\n");

    assertThatThrownBy(() -> edge("", ", assertion_secret_file: " + shortFile))
        .hasMessage(
            "test.yaml: upstreams.home.assertion_secret_file: "
                + shortFile
                + " holds a 248-bit secret (expected: at least 256 bits)"
                + " (make one with: gatehouse keygen agent-secret --out FILE)");
    assertThatThrownBy(() -> agent("trust: {edge_secret_file: " + shortFile + "}\n"))
        .hasMessageStartingWith(
            "test.yaml: trust.edge_secret_file: " + shortFile + " holds a 248-bit secret");
  }

  @Test
  void aFileThatIsNotBase64NamesTheKeyAndNeverShowsItsContent() throws Exception {
    Path pem = dir.resolve("edge.pem");
    Files.writeString(pem, "-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIA\n");

    assertThatThrownBy(() -> edge("agent_assertion: {secret_file: " + pem + "}\n", ""))
        .hasMessageStartingWith(
            "test.yaml: agent_assertion.secret_file: " + pem + " does not hold a base64url secret")
        .hasMessageNotContaining("MC4CAQAw");
  }

  @Test
  void aWireGuardStyleKeyIsReadToo() throws Exception {
    byte[] bytes = new byte[32];
    bytes[0] = (byte) 0xfb; // encodes to '+' and '/' in the standard alphabet
    bytes[1] = (byte) 0xff;
    Path psk = dir.resolve("psk");
    Files.writeString(psk, Base64.getEncoder().encodeToString(bytes) + "\n");

    assertThat(edge("agent_assertion: {secret_file: " + psk + "}\n", "").assertionSecret("home"))
        .isPresent();
  }

  @Test
  void theKeysOfEd25519AssertionsSayWhatReplacedThem() {
    assertThatThrownBy(() -> edge("agent_assertion: {signing_key: /etc/gatehouse/k.pem}\n", ""))
        .hasMessageStartingWith(
            "test.yaml: agent_assertion.signing_key: is no longer read: the edge and its agents"
                + " now share a secret; set agent_assertion.secret_file");
    assertThatThrownBy(() -> agent("trust: {edge_public_key: /etc/gatehouse/k.pem}\n"))
        .hasMessageStartingWith(
            "test.yaml: trust.edge_public_key: is no longer read: the edge and its agents now"
                + " share a secret; set trust.edge_secret_file");
  }

  @Test
  void anUpstreamsOwnSecretOverridesTheDefault() throws Exception {
    Path common = Files.writeString(dir.resolve("common"), SharedSecret.generate().encoded());
    Path own = Files.writeString(dir.resolve("own"), SharedSecret.generate().encoded());

    EdgeConfig config =
        edge("agent_assertion: {secret_file: " + common + "}\n", ", assertion_secret_file: " + own);

    assertThat(config.assertionSecret("home")).isNotEqualTo(config.assertion().secret());
    assertThat(config.upstreams().get("home").assertionSecret())
        .isEqualTo(config.assertionSecret("home"));
    assertThat(config.toString()).doesNotContain(Files.readString(own).strip());
  }

  private static EdgeConfig edge(String assertion, String upstreamExtra) {
    String rest =
        EDGE_ROUTES.formatted(
            TestEdges.CERTIFICATE.certificatePath(),
            TestEdges.CERTIFICATE.privateKeyPath(),
            upstreamExtra);
    return EdgeConfig.from(TestYaml.parse(assertion + rest));
  }

  private static AgentConfig agent(String trust) {
    return AgentConfig.from(
        TestYaml.parse(trust + "routes: [{path: /api/server/status, backend: status}]\n"));
  }
}
