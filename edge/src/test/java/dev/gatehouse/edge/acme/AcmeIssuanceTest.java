package dev.gatehouse.edge.acme;

import static dev.gatehouse.edge.testing.AcmeTestbed.DOMAIN;
import static dev.gatehouse.shared.testing.Await.result;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.edge.Edge;
import dev.gatehouse.edge.testing.AcmeTestbed;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPairGenerator;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** An edge with {@code tls.acme} gets its certificate from a real ACME server, once. */
@ExtendWith(VertxExtension.class)
class AcmeIssuanceTest {

  static final Duration ISSUANCE = Duration.ofSeconds(60);

  @TempDir Path dir;
  private AcmeTestbed testbed;

  @BeforeEach
  void start(Vertx vertx) throws Exception {
    testbed = new AcmeTestbed(vertx, dir, Optional.empty());
  }

  @AfterEach
  void stop() throws Exception {
    if (testbed != null) { // absent when the test was skipped for want of pebble
      testbed.close();
    }
  }

  @Test
  void firstStartIssuesACertificateThatChainsToTheCaAndNamesTheDomain() throws Exception {
    try (Edge edge = testbed.startEdge(List.of(DOMAIN))) {
      X509Certificate leaf = awaitIssued(edge);
      X509Certificate root = testbed.pebble().root();

      assertThat(leaf.getSubjectAlternativeNames())
          .extracting(name -> (Object) name.get(1))
          .containsExactly(DOMAIN);
      validate(AcmeTestbed.servedChain(edge), root);
      WebClient browser = testbed.verifyingClient(root, true);
      HttpResponse<Buffer> response =
          result(
              browser
                  .request(
                      HttpMethod.GET,
                      SocketAddress.inetSocketAddress(edge.httpsPort(), "127.0.0.1"),
                      edge.httpsPort(),
                      DOMAIN,
                      "/api/server/status")
                  .send());
      assertThat(response.statusCode()).isEqualTo(200);
    }
  }

  @Test
  void statusShowsTheAccountTheIssuanceAndTheNextRenewal() throws Exception {
    try (Edge edge = testbed.startEdge(List.of(DOMAIN))) {
      X509Certificate leaf = awaitIssued(edge);
      JsonObject acme = testbed.awaitStatus(edge, s -> s.containsKey("serial"), ISSUANCE);

      assertThat(acme.getString("account")).startsWith("https://localhost:");
      assertThat(acme.getString("serial")).isEqualTo(leaf.getSerialNumber().toString(16));
      assertThat(acme.getString("issued_at")).isEqualTo(leaf.getNotBefore().toInstant().toString());
      assertThat(acme.getString("next_renewal")).isNotNull();
      assertThat(acme.containsKey("last_error")).isFalse();
    }
  }

  @Test
  void keysAreReadableByTheOwnerOnly() throws Exception {
    try (Edge edge = testbed.startEdge(List.of(DOMAIN))) {
      awaitIssued(edge);

      for (String key : List.of("account.key", "privkey.pem")) {
        assertThat(
                PosixFilePermissions.toString(
                    Files.getPosixFilePermissions(testbed.stateDir().resolve(key))))
            .as(key)
            .isEqualTo("rw-------");
      }
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(testbed.stateDir())))
          .isEqualTo("rwx------");
    }
  }

  @Test
  void restartReusesTheStoredCertificateWithoutANewOrder() throws Exception {
    String first;
    try (Edge edge = testbed.startEdge(List.of(DOMAIN))) {
      first = awaitIssued(edge).getSerialNumber().toString(16);
      testbed.awaitStatus(edge, s -> s.containsKey("serial"), ISSUANCE);
    }
    assertThat(testbed.issuedCount()).isEqualTo(1);

    try (Edge edge = testbed.startEdge(List.of(DOMAIN))) {
      assertThat(AcmeTestbed.servedSerial(edge)).isEqualTo(first);
      JsonObject acme = testbed.awaitStatus(edge, s -> s.containsKey("next_renewal"), ISSUANCE);

      assertThat(acme.getString("serial")).isEqualTo(first);
      assertThat(AcmeTestbed.servedSerial(edge)).isEqualTo(first);
      assertThat(testbed.issuedCount()).isEqualTo(1);
    }
  }

  @Test
  void aCertificateOfAnotherCaIsReplacedAtOnceNotKeptUntilItsRenewal() throws Exception {
    String first;
    try (Edge edge = testbed.startEdge(List.of(DOMAIN))) {
      first = awaitIssued(edge).getSerialNumber().toString(16);
      testbed.awaitStatus(edge, s -> s.containsKey("serial"), ISSUANCE);
    }
    // As after moving from Let's Encrypt's staging directory to production: the stored certificate
    // and status name the account of another CA.
    Path status = testbed.stateDir().resolve("status.json");
    Files.writeString(
        status,
        new JsonObject(Files.readString(status))
            .put("account", "https://acme-staging.example/acme/acct/1")
            .encodePrettily());

    try (Edge edge = testbed.startEdge(List.of(DOMAIN))) {
      JsonObject acme =
          testbed.awaitStatus(
              edge, s -> s.containsKey("serial") && !first.equals(s.getString("serial")), ISSUANCE);

      assertThat(testbed.issuedCount()).isEqualTo(2);
      assertThat(acme.getString("account")).doesNotContain("acme-staging.example");
    }
  }

  @Test
  void keyThatDoesNotMatchTheStoredCertificateIsNotReused() throws Exception {
    String first;
    try (Edge edge = testbed.startEdge(List.of(DOMAIN))) {
      first = awaitIssued(edge).getSerialNumber().toString(16);
    }
    // As if the edge had stopped between installing a new key and its certificate.
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(256);
    Files.writeString(
        testbed.stateDir().resolve("privkey.pem"),
        "-----BEGIN PRIVATE KEY-----\n"
            + Base64.getMimeEncoder()
                .encodeToString(generator.generateKeyPair().getPrivate().getEncoded())
            + "\n-----END PRIVATE KEY-----\n");

    try (Edge edge = testbed.startEdge(List.of(DOMAIN))) {
      X509Certificate leaf =
          AcmeTestbed.awaitServed(
              edge,
              c ->
                  !c.getSubjectX500Principal().equals(c.getIssuerX500Principal())
                      && !c.getSerialNumber().toString(16).equals(first),
              ISSUANCE);

      assertThat(leaf.getSerialNumber().toString(16)).isNotEqualTo(first);
      validate(AcmeTestbed.servedChain(edge), testbed.pebble().root());
      assertThat(testbed.issuedCount()).isEqualTo(2);
    }
  }

  /** Waits for the first certificate that is not the edge's temporary self-signed one. */
  private static X509Certificate awaitIssued(Edge edge) throws Exception {
    X509Certificate leaf =
        AcmeTestbed.awaitServed(
            edge,
            cert -> !cert.getSubjectX500Principal().equals(cert.getIssuerX500Principal()),
            ISSUANCE);
    assertThat(leaf.getIssuerX500Principal()).isNotEqualTo(leaf.getSubjectX500Principal());
    return leaf;
  }

  private static void validate(List<X509Certificate> chain, X509Certificate root) throws Exception {
    PKIXParameters parameters = new PKIXParameters(Set.of(new TrustAnchor(root, null)));
    parameters.setRevocationEnabled(false);
    CertPathValidator.getInstance("PKIX")
        .validate(CertificateFactory.getInstance("X.509").generateCertPath(chain), parameters);
  }
}
