package dev.gatehouse.edge.tls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.edge.Edge;
import dev.gatehouse.edge.testing.TestEdges;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Which TLS versions the edge speaks, asked by OpenSSL's own client with its security level lowered
 * so that it does offer the old versions: the refusal must come from the edge.
 */
class TlsProtocolsTest {

  private static Edge edge;

  @BeforeAll
  static void start() throws Exception {
    edge = TestEdges.start(TestEdges.freePort());
  }

  @AfterAll
  static void stop() {
    edge.close();
  }

  @Test
  void tls12AndTls13AreAccepted() throws Exception {
    assertThat(handshake("-tls1_2")).contains("Protocol  : TLSv1.2");
    assertThat(handshake("-tls1_3")).contains("New, TLSv1.3");
  }

  @Test
  void tls10AndTls11AreRefusedByTheEdge() throws Exception {
    assertThat(handshake("-tls1"))
        .contains("alert protocol version")
        .doesNotContain("Cipher is ECDHE");
    assertThat(handshake("-tls1_1"))
        .contains("alert protocol version")
        .doesNotContain("Cipher is ECDHE");
  }

  private static String handshake(String version) throws IOException, InterruptedException {
    Process openssl =
        new ProcessBuilder(
                "openssl",
                "s_client",
                "-connect",
                "127.0.0.1:" + edge.httpsPort(),
                version,
                "-cipher",
                "DEFAULT:@SECLEVEL=0",
                "-servername",
                "localhost")
            .redirectErrorStream(true)
            .start();
    openssl.getOutputStream().close();
    if (!openssl.waitFor(10, TimeUnit.SECONDS)) {
      openssl.destroyForcibly();
    }
    return new String(openssl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
  }
}
