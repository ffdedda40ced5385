package dev.gatehouse.edge.acme;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.edge.config.EdgeConfig;
import dev.gatehouse.edge.testing.TestEdges;
import dev.gatehouse.shared.config.ConfigException;
import dev.gatehouse.shared.testing.TestYaml;
import dev.gatehouse.shared.trust.SharedSecret;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tls.acme} is checked at start-up, and every mistake names its key. */
class AcmeConfigTest {

  @TempDir Path dir;

  static final String PEM_FILES =
      "  cert: "
          + TestEdges.CERTIFICATE.certificatePath()
          + "\n  key: "
          + TestEdges.CERTIFICATE.privateKeyPath()
          + "\n";

  @Test
  void acmeWithoutDomainsNamesTheKey() {
    assertThatThrownBy(() -> load(7080, "  acme:\n    email: ops@example.com\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("test.yaml: tls.acme.domains: at least one domain is required");
  }

  @Test
  void acmeWithEmptyDomainsNamesTheKey() {
    assertThatThrownBy(() -> load(7080, "  acme:\n    domains: []\n"))
        .hasMessageStartingWith("test.yaml: tls.acme.domains: at least one domain is required");
  }

  @Test
  void acmeTogetherWithPemFilesIsRefused() {
    assertThatThrownBy(() -> load(7080, PEM_FILES + "  acme:\n    domains: [api.example.com]\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("test.yaml: tls.acme: cannot be used together with tls.cert");
  }

  @Test
  void acmeTogetherWithOnlyAKeyFileIsRefused() {
    String keyOnly = "  key: " + TestEdges.CERTIFICATE.privateKeyPath() + "\n";
    assertThatThrownBy(() -> load(7080, keyOnly + "  acme:\n    domains: [api.example.com]\n"))
        .hasMessageStartingWith("test.yaml: tls.acme: cannot be used together with tls.key");
  }

  @Test
  void wildcardDomainIsRefusedForHttp01() {
    assertThatThrownBy(
            () -> load(7080, "  acme:\n    domains: [api.example.com, \"*.example.com\"]\n"))
        .hasMessageStartingWith(
            "test.yaml: tls.acme.domains[1]: '*.example.com' is not a DNS name");
  }

  @Test
  void otherChallengeTypesAreRefused() {
    assertThatThrownBy(
            () -> load(7080, "  acme:\n    domains: [api.example.com]\n    challenge: dns-01\n"))
        .hasMessageStartingWith("test.yaml: tls.acme.challenge: 'dns-01' is not one of [http-01]");
  }

  @Test
  void plainDirectoryUrlIsRefused() {
    assertThatThrownBy(
            () ->
                load(
                    7080,
                    "  acme:\n    domains: [api.example.com]\n"
                        + "    directory: http://acme.example.com/dir\n"))
        .hasMessageStartingWith("test.yaml: tls.acme.directory: 'http://acme.example.com/dir'");
  }

  @Test
  void acmeWithoutThePlainHttpListenerIsRefused() {
    assertThatThrownBy(() -> load(-1, "  acme:\n    domains: [api.example.com]\n"))
        .hasMessageStartingWith("test.yaml: listen.http_port: is -1, but tls.acme needs");
  }

  @Test
  void defaultsAreLetsEncryptProductionAndTheServicesStateFolder() {
    EdgeConfig config = load(7080, "  acme:\n    domains: [API.example.com]\n");

    AcmeConfig acme = config.tls().acme().orElseThrow();
    assertThat(acme.directory()).hasToString(AcmeConfig.LETS_ENCRYPT);
    assertThat(acme.domains()).containsExactly("api.example.com");
    // A relative default would resolve against the unit's working folder, the read-only root.
    assertThat(config.tls().cert())
        .isEqualTo(Path.of("/var/lib/gatehouse/acme-state/fullchain.pem"));
    assertThat(config.tls().key()).isEqualTo(Path.of("/var/lib/gatehouse/acme-state/privkey.pem"));
  }

  @Test
  void shippedConfigOffersAcmeAndCertbot() throws Exception {
    Path secret = Files.writeString(dir.resolve("agent-secret"), SharedSecret.generate().encoded());
    Map<String, String> env =
        Map.of(
            "GATEHOUSE_API_KEY",
            "an-api-key-long-enough-0123456789",
            "GATEHOUSE_AGENT_SECRET",
            secret.toString());
    String certbot =
        Files.readString(Path.of("../conf/edge.yaml"))
            .replace("/etc/gatehouse/tls/fullchain.pem", TestEdges.CERTIFICATE.certificatePath())
            .replace("/etc/gatehouse/tls/privkey.pem", TestEdges.CERTIFICATE.privateKeyPath());
    // The operator's edit for ACME: the acme: block uncommented, the PEM lines removed.
    String shipped =
        certbot
            .replaceAll("(?m)^  # (acme:|  [a-z_]+: .*|  # directory: .*)$", "  $1")
            .replaceAll("(?m)^  (cert|key): .*\n", "");
    EdgeConfig acme = EdgeConfig.from(TestYaml.parse(shipped, env));
    EdgeConfig pem = EdgeConfig.from(TestYaml.parse(certbot, env));

    assertThat(acme.tls().acme())
        .hasValueSatisfying(a -> assertThat(a.domains()).containsExactly("api.example.com"));
    assertThat(pem.tls().acme()).isEmpty();
    assertThat(pem.tls().cert()).hasToString(TestEdges.CERTIFICATE.certificatePath());
  }

  private static EdgeConfig load(int httpPort, String tlsBody) {
    String yaml =
        TestEdges.yaml(8443, httpPort, 1, "")
            .replaceFirst(
                "(?s)tls:\n.*?upstreams:", "tls:\n" + tlsBody.replace("$", "\\$") + "upstreams:");
    return EdgeConfig.from(TestYaml.parse(yaml));
  }
}
