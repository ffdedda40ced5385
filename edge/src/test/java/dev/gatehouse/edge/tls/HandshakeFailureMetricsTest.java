package dev.gatehouse.edge.tls;

import static dev.gatehouse.shared.testing.Await.result;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.edge.Edge;
import dev.gatehouse.edge.testing.Scrape;
import dev.gatehouse.edge.testing.TestEdges;
import dev.gatehouse.shared.testing.Await;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Failed TLS handshakes on a real edge show in its {@code /metrics}, by reason. */
@ExtendWith(VertxExtension.class)
class HandshakeFailureMetricsTest {

  private static final String FAILURES = "gatehouse_edge_tls_handshake_failures_total";

  @Test
  void aTls10ClientAndPlainHttpOnTheTlsPortAreCountedAGoodHandshakeIsNot(Vertx vertx)
      throws Exception {
    try (Edge edge = TestEdges.start(TestEdges.freePort())) {
      WebClient plain = WebClient.create(vertx);
      result(
          TestEdges.client(vertx, HttpVersion.HTTP_1_1)
              .get(edge.httpsPort(), "localhost", "/health")
              .send());

      assertThat(opensslTls10(edge.httpsPort())).contains("alert protocol version");
      assertThat(plainHttp(edge.httpsPort())).doesNotContain("HTTP/1.1");

      Await.eventually(
          Duration.ofSeconds(10),
          () -> Scrape.of(plain, edge.adminPort()).value(FAILURES, Map.of()) >= 2);
      Scrape scrape = Scrape.of(plain, edge.adminPort());
      assertThat(scrape.value(FAILURES, Map.of("reason", HandshakeFailures.REFUSED))).isEqualTo(1);
      assertThat(scrape.value(FAILURES, Map.of("reason", HandshakeFailures.NOT_TLS))).isEqualTo(1);
      assertThat(scrape.value(FAILURES, Map.of())).isEqualTo(2);
    }
  }

  /** A ClientHello offering TLS 1.0 only, from OpenSSL's own client with old versions allowed. */
  private static String opensslTls10(int port) throws Exception {
    Process openssl =
        new ProcessBuilder(
                "openssl",
                "s_client",
                "-connect",
                "127.0.0.1:" + port,
                "-tls1",
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

  /** What the TLS port answers to a plain-HTTP request before it closes. */
  private static String plainHttp(int port) throws Exception {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(10_000);
      socket
          .getOutputStream()
          .write(
              "GET /health HTTP/1.1\r\nHost: localhost\r\n\r\n"
                  .getBytes(StandardCharsets.US_ASCII));
      InputStream in = socket.getInputStream();
      return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
    }
  }
}
