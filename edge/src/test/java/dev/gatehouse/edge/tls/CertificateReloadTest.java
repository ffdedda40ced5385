package dev.gatehouse.edge.tls;

import static dev.gatehouse.shared.testing.Await.result;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.gatehouse.edge.Edge;
import dev.gatehouse.edge.config.EdgeConfig;
import dev.gatehouse.edge.testing.CountingOrigin;
import dev.gatehouse.edge.testing.Scrape;
import dev.gatehouse.edge.testing.TestEdges;
import dev.gatehouse.shared.testing.Await;
import dev.gatehouse.shared.testing.TestYaml;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.net.SelfSignedCertificate;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** certbot renews the files in place; the edge must serve the new certificate without a restart. */
@ExtendWith(VertxExtension.class)
class CertificateReloadTest {

  @TempDir Path dir;

  @Test
  void renewedCertificateIsServedToNewConnections(Vertx vertx) throws Exception {
    Path cert = dir.resolve("fullchain.pem");
    Path key = dir.resolve("privkey.pem");
    install(SelfSignedCertificate.create("localhost"), cert, key);
    String yaml = reloadingEdge(vertx, cert, key);

    try (Edge edge = Edge.start(EdgeConfig.from(TestYaml.parse(yaml)))) {
      String before = servedCertificate(vertx, edge);

      SelfSignedCertificate renewed = SelfSignedCertificate.create("localhost");
      install(renewed, cert, key);
      String after = before;
      for (int i = 0; i < 30 && after.equals(before); i++) {
        Thread.sleep(100);
        after = servedCertificate(vertx, edge);
      }

      assertThat(after).isNotEqualTo(before).isEqualTo(serialOf(renewed));
      assertThat(before).isNotEqualTo(serialOf(renewed));
    }
  }

  @Test
  void aCertificateBesideAKeyNotItsOwnIsNotServedAndTheOldOneStays(Vertx vertx) throws Exception {
    Path cert = dir.resolve("fullchain.pem");
    Path key = dir.resolve("privkey.pem");
    SelfSignedCertificate original = SelfSignedCertificate.create("localhost");
    install(original, cert, key);
    String yaml = reloadingEdge(vertx, cert, key);
    ListAppender<ILoggingEvent> log = new ListAppender<>();
    log.start();
    Logger reloader = (Logger) LoggerFactory.getLogger(CertificateReloader.class);
    reloader.addAppender(log);

    try (Edge edge = Edge.start(EdgeConfig.from(TestYaml.parse(yaml)))) {
      WebClient admin = WebClient.create(vertx);
      double originalDays = daysLeft(admin, edge);
      // A renewal half moved into place: the new certificate (30 days), still the old key.
      io.netty.handler.ssl.util.SelfSignedCertificate renewed =
          new io.netty.handler.ssl.util.SelfSignedCertificate(
              "localhost", new Date(), Date.from(Instant.now().plus(Duration.ofDays(30))));
      replace(renewed.certificate().toPath(), cert);
      Await.eventually(
          Duration.ofSeconds(5),
          () ->
              log.list.stream()
                  .anyMatch(
                      e ->
                          e.getLevel() == Level.ERROR
                              && e.getFormattedMessage()
                                  .contains("is not the private key of the certificate")));

      assertThat(servedCertificate(vertx, edge)).isEqualTo(serialOf(original));
      // The expiry metric tells of the certificate served, not of the file refused.
      assertThat(daysLeft(admin, edge)).isCloseTo(originalDays, within(0.01));

      // The key follows: now the pair is whole, and served.
      replace(renewed.privateKey().toPath(), key);
      String served = serialOf(original);
      for (int i = 0; i < 30 && served.equals(serialOf(original)); i++) {
        Thread.sleep(100);
        served = servedCertificate(vertx, edge);
      }
      assertThat(served).isEqualTo(renewed.cert().getSerialNumber().toString(16));
      assertThat(daysLeft(admin, edge)).isCloseTo(30, within(0.1));
    } finally {
      reloader.detachAppender(log);
    }
  }

  private static double daysLeft(WebClient admin, Edge edge) {
    return Scrape.of(admin, edge.adminPort())
            .value("gatehouse_edge_certificate_expiry_seconds", Map.of())
        / 86400;
  }

  /** An edge serving {@code cert} and {@code key}, looking for changes every 200 ms. */
  private static String reloadingEdge(Vertx vertx, Path cert, Path key) {
    return TestEdges.yaml(TestEdges.freePort(), -1, new CountingOrigin(vertx).port(), "")
        .replace(TestEdges.CERTIFICATE.certificatePath(), cert.toString())
        .replace(TestEdges.CERTIFICATE.privateKeyPath(), key.toString())
        .replace("tls:\n", "tls:\n  reload_interval: 200ms\n");
  }

  /** {@code target} replaced by a copy of {@code source} in one rename, never half written. */
  private static void replace(Path source, Path target) throws Exception {
    Path aside = target.resolveSibling(target.getFileName() + ".new");
    Files.copy(source, aside, StandardCopyOption.REPLACE_EXISTING);
    Files.move(aside, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  private static void install(SelfSignedCertificate source, Path cert, Path key) throws Exception {
    // Written aside and moved into place, as certbot's symlink switch makes the change atomic.
    Files.copy(
        Path.of(source.certificatePath()),
        cert.resolveSibling("cert.tmp"),
        StandardCopyOption.REPLACE_EXISTING);
    Files.copy(
        Path.of(source.privateKeyPath()),
        key.resolveSibling("key.tmp"),
        StandardCopyOption.REPLACE_EXISTING);
    Files.move(
        key.resolveSibling("key.tmp"),
        key,
        StandardCopyOption.REPLACE_EXISTING,
        StandardCopyOption.ATOMIC_MOVE);
    Files.move(
        cert.resolveSibling("cert.tmp"),
        cert,
        StandardCopyOption.REPLACE_EXISTING,
        StandardCopyOption.ATOMIC_MOVE);
  }

  /** The serial number of the certificate a fresh TLS connection is shown. */
  private static String servedCertificate(Vertx vertx, Edge edge) throws Exception {
    HttpClient client =
        vertx.createHttpClient(
            new HttpClientOptions().setSsl(true).setTrustAll(true).setVerifyHost(false));
    try {
      return result(
          client
              .request(HttpMethod.GET, edge.httpsPort(), "localhost", "/api/server/status")
              .compose(request -> request.send().map(response -> serialOfPeer(request))));
    } finally {
      client.close();
    }
  }

  private static String serialOfPeer(io.vertx.core.http.HttpClientRequest request) {
    try {
      return ((X509Certificate) request.connection().peerCertificates().get(0))
          .getSerialNumber()
          .toString(16);
    } catch (javax.net.ssl.SSLPeerUnverifiedException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String serialOf(SelfSignedCertificate certificate) throws Exception {
    try (var in = Files.newInputStream(Path.of(certificate.certificatePath()))) {
      X509Certificate x509 =
          (X509Certificate)
              java.security.cert.CertificateFactory.getInstance("X.509").generateCertificate(in);
      return x509.getSerialNumber().toString(16);
    }
  }
}
