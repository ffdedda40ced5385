package dev.gatehouse.edge.acme;

import static dev.gatehouse.edge.testing.AcmeTestbed.DOMAIN;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.edge.Edge;
import dev.gatehouse.edge.testing.AcmeTestbed;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A short-lived certificate is renewed in the background at about two thirds of its lifetime and
 * the new one is served by the same running edge, while requests keep flowing: over connections
 * opened before the swap (keep-alive) and over new ones.
 */
@ExtendWith(VertxExtension.class)
class AcmeRenewalTest {

  /** Renewal falls 12 to 14 seconds after issuance. */
  static final Duration VALIDITY = Duration.ofSeconds(20);

  static final Duration WAIT = Duration.ofSeconds(90);
  static final int PARALLEL = 4;
  static final int MAX_ROUNDS = 20_000;

  @TempDir Path dir;
  private AcmeTestbed testbed;

  @BeforeEach
  void start(Vertx vertx) throws Exception {
    testbed = new AcmeTestbed(vertx, dir, Optional.of(VALIDITY));
  }

  @AfterEach
  void stop() throws Exception {
    if (testbed != null) { // absent when the test was skipped for want of pebble
      testbed.close();
    }
  }

  @Test
  void shortLivedCertificateIsReplacedWithoutRestartAndWithoutFailedRequests() throws Exception {
    try (Edge edge = testbed.startEdge(List.of(DOMAIN))) {
      X509Certificate first =
          AcmeTestbed.awaitServed(
              edge, c -> !c.getSubjectX500Principal().equals(c.getIssuerX500Principal()), WAIT);
      String firstSerial = first.getSerialNumber().toString(16);
      X509Certificate root = testbed.pebble().root();
      WebClient reused = testbed.verifyingClient(root, true);
      WebClient fresh = testbed.verifyingClient(root, false);

      List<Integer> statuses = new ArrayList<>();
      List<Throwable> failures = new ArrayList<>();
      long deadline = System.nanoTime() + WAIT.toNanos();
      String serial = firstSerial;
      int rounds = 0;
      int roundsAfterSwap = 0;
      while (roundsAfterSwap < 20 && rounds < MAX_ROUNDS && System.nanoTime() < deadline) {
        List<Future<HttpResponse<Buffer>>> inFlight = new ArrayList<>();
        for (int i = 0; i < PARALLEL; i++) {
          inFlight.add(get(reused, edge));
          inFlight.add(get(fresh, edge));
        }
        Future.join(inFlight).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        for (Future<HttpResponse<Buffer>> response : inFlight) {
          if (response.succeeded()) {
            statuses.add(response.result().statusCode());
          } else {
            failures.add(response.cause());
          }
        }
        rounds++;
        if (!serial.equals(firstSerial)) {
          roundsAfterSwap++;
        } else if (rounds % 10 == 0) {
          serial = AcmeTestbed.servedSerial(edge);
        }
      }

      assertThat(serial).as("served serial after renewal").isNotEqualTo(firstSerial);
      X509Certificate renewed = AcmeTestbed.servedChain(edge).get(0);
      assertThat(renewed.getNotBefore()).isAfter(first.getNotBefore());
      assertThat(renewed.getSubjectAlternativeNames())
          .extracting(name -> (Object) name.get(1))
          .containsExactly(DOMAIN);
      assertThat(failures).isEmpty();
      assertThat(statuses).hasSizeGreaterThan(100).containsOnly(200);
      reused.close();
      fresh.close();
    }
  }

  private static Future<HttpResponse<Buffer>> get(WebClient client, Edge edge) {
    return client
        .request(
            HttpMethod.GET,
            SocketAddress.inetSocketAddress(edge.httpsPort(), "127.0.0.1"),
            edge.httpsPort(),
            DOMAIN,
            "/api/server/status")
        .send();
  }
}
