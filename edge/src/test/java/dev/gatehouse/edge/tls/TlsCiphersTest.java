package dev.gatehouse.edge.tls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.edge.Edge;
import dev.gatehouse.edge.config.EdgeConfig;
import dev.gatehouse.edge.testing.TestEdges;
import dev.gatehouse.shared.testing.TestYaml;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which cipher suites the running edge accepts, asked by OpenSSL's client offering one suite at a
 * time (its own security level lowered, so any refusal is the edge's): with an RSA and with an
 * ECDSA certificate, by default and with {@code tls.ciphers}.
 */
class TlsCiphersTest {

  @TempDir Path dir;

  @Test
  void withAnRsaCertificateOnlyForwardSecretAeadSuitesAreAccepted() throws Exception {
    try (Edge edge =
        start(
            TestEdges.CERTIFICATE.certificatePath(), TestEdges.CERTIFICATE.privateKeyPath(), "")) {
      assertAccepted(edge, "ECDHE-RSA-AES128-GCM-SHA256", "ECDHE-RSA-AES256-GCM-SHA384");
      assertAccepted(edge, "ECDHE-RSA-CHACHA20-POLY1305");
      assertRefused(edge, "AES256-GCM-SHA384", "AES128-SHA", "ECDHE-RSA-AES128-SHA");
      assertRefused(edge, "DHE-RSA-AES128-GCM-SHA256", "ECDHE-RSA-AES256-SHA384");
      assertThat(tls13(edge, "TLS_CHACHA20_POLY1305_SHA256"))
          .contains("Cipher is TLS_CHACHA20_POLY1305_SHA256");
    }
  }

  @Test
  void withAnEcdsaCertificateNoCbcSuiteIsOffered() throws Exception {
    Path cert = dir.resolve("ec-cert.pem");
    Path key = dir.resolve("ec-key.pem");
    run(
        List.of(
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:prime256v1",
            "-nodes",
            "-keyout",
            key.toString(),
            "-out",
            cert.toString(),
            "-days",
            "1",
            "-subj",
            "/CN=localhost"));
    try (Edge edge = start(cert.toString(), key.toString(), "")) {
      assertAccepted(edge, "ECDHE-ECDSA-AES128-GCM-SHA256", "ECDHE-ECDSA-AES256-GCM-SHA384");
      assertAccepted(edge, "ECDHE-ECDSA-CHACHA20-POLY1305");
      assertRefused(edge, "ECDHE-ECDSA-AES128-SHA", "ECDHE-ECDSA-AES256-SHA");
      assertRefused(edge, "ECDHE-ECDSA-AES128-SHA256");
    }
  }

  @Test
  void tlsCiphersReplacesTheDefaultList() throws Exception {
    try (Edge edge =
        start(
            TestEdges.CERTIFICATE.certificatePath(),
            TestEdges.CERTIFICATE.privateKeyPath(),
            "  ciphers: [TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384]\n")) {
      assertAccepted(edge, "ECDHE-RSA-AES256-GCM-SHA384");
      assertRefused(edge, "ECDHE-RSA-AES128-GCM-SHA256");
    }
  }

  private static void assertAccepted(Edge edge, String... ciphers) throws Exception {
    for (String cipher : ciphers) {
      assertThat(tls12(edge, cipher)).as(cipher).contains("Cipher is " + cipher);
    }
  }

  private static void assertRefused(Edge edge, String... ciphers) throws Exception {
    for (String cipher : ciphers) {
      assertThat(tls12(edge, cipher)).as(cipher).doesNotContain("Cipher is " + cipher);
    }
  }

  private static Edge start(String cert, String key, String tlsExtra) throws Exception {
    String yaml =
        """
        listen: {host: 127.0.0.1, https_port: %d, http_port: -1}
        admin: {port: -1}
        tls:
          cert: %s
          key: %s
        %s
        upstreams:
          agent: {targets: ["127.0.0.1:1"]}
        routes:
          - {path: /api/server/status, upstream: agent}
        """
            .formatted(TestEdges.freePort(), cert, key, tlsExtra);
    return Edge.start(EdgeConfig.from(TestYaml.parse(yaml)));
  }

  private static String tls12(Edge edge, String cipher) throws Exception {
    return run(client(edge, "-tls1_2", "-cipher", cipher + ":@SECLEVEL=0"));
  }

  private static String tls13(Edge edge, String suite) throws Exception {
    return run(client(edge, "-tls1_3", "-ciphersuites", suite));
  }

  private static List<String> client(Edge edge, String version, String option, String value) {
    return List.of(
        "openssl",
        "s_client",
        "-connect",
        "127.0.0.1:" + edge.httpsPort(),
        version,
        option,
        value,
        "-servername",
        "localhost");
  }

  private static String run(List<String> command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    process.getOutputStream().close();
    if (!process.waitFor(20, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
    return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
  }
}
