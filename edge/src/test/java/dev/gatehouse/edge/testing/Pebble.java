package dev.gatehouse.edge.testing;

import static org.assertj.core.api.Assertions.fail;

import io.vertx.core.json.JsonObject;
import io.vertx.core.net.SelfSignedCertificate;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Assumptions;

/**
 * Debian's {@code pebble}, Let's Encrypt's ACME test server, run on loopback for one test class:
 * its API on a free port with a certificate of the test's own, HTTP-01 validation against the
 * edge's plain-HTTP port, names resolved by the test's {@link LoopbackDns}. Challenges are really
 * validated (no {@code PEBBLE_VA_ALWAYS_VALID}) and every order validates anew. Without the package
 * the test is skipped on a workstation and fails in CI, where {@code .ci/run} installs it.
 */
public final class Pebble implements AutoCloseable {

  static final Path PEBBLE = Path.of("/usr/bin/pebble");
  static final Duration START_TIMEOUT = Duration.ofSeconds(20);

  private final Process process;
  private final int apiPort;
  private final int managementPort;
  private final SelfSignedCertificate tls;
  private final Path log;

  private Pebble(
      Process process, int apiPort, int managementPort, SelfSignedCertificate tls, Path log) {
    this.process = process;
    this.apiPort = apiPort;
    this.managementPort = managementPort;
    this.tls = tls;
    this.log = log;
  }

  /**
   * Starts pebble validating HTTP-01 on {@code httpPort}; {@code validity} makes its certificates
   * that short-lived (pebble's default is five years).
   */
  public static Pebble start(Path dir, int httpPort, LoopbackDns dns, Optional<Duration> validity)
      throws Exception {
    if (!Files.isExecutable(PEBBLE)) {
      String why = "needs Debian's pebble (the ACME test server): apt-get install pebble";
      if (System.getenv("CI") != null) {
        fail(why);
      }
      Assumptions.abort(why);
    }
    SelfSignedCertificate tls = SelfSignedCertificate.create("localhost");
    int apiPort = TestEdges.freePort();
    int managementPort = TestEdges.freePort();
    JsonObject settings =
        new JsonObject()
            .put("listenAddress", "127.0.0.1:" + apiPort)
            .put("managementListenAddress", "127.0.0.1:" + managementPort)
            .put("certificate", tls.certificatePath())
            .put("privateKey", tls.privateKeyPath())
            .put("httpPort", httpPort)
            .put("tlsPort", TestEdges.freePort())
            .put("ocspResponderURL", "")
            .put("externalAccountBindingRequired", false);
    validity.ifPresent(v -> settings.put("certificateValidityPeriod", v.toSeconds()));
    Path config = Files.createDirectories(dir).resolve("pebble-config.json");
    Files.writeString(config, new JsonObject().put("pebble", settings).encodePrettily());
    Path log = dir.resolve("pebble.log");
    ProcessBuilder builder =
        new ProcessBuilder(
                PEBBLE.toString(), "-config", config.toString(), "-dnsserver", dns.address())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    builder.environment().put("PEBBLE_VA_NOSLEEP", "1");
    builder.environment().put("PEBBLE_WFE_NONCEREJECT", "0");
    builder.environment().put("PEBBLE_AUTHZREUSE", "0");
    builder.environment().remove("PEBBLE_VA_ALWAYS_VALID");
    Pebble pebble = new Pebble(builder.start(), apiPort, managementPort, tls, log);
    pebble.awaitListening();
    return pebble;
  }

  public String directory() {
    return "https://localhost:" + apiPort + "/dir";
  }

  /** The PEM file to trust for pebble's own API. */
  public String apiCertificate() {
    return tls.certificatePath();
  }

  /** The root that pebble's issued chains end in (new on every start). */
  public X509Certificate root() throws Exception {
    HttpClient client = HttpClient.newBuilder().sslContext(trustingApi()).build();
    HttpResponse<InputStream> response =
        client.send(
            HttpRequest.newBuilder(URI.create("https://localhost:" + managementPort + "/roots/0"))
                .build(),
            HttpResponse.BodyHandlers.ofInputStream());
    try (InputStream in = response.body()) {
      return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
    }
  }

  /** What pebble printed, for a failing test's message. */
  public String log() throws IOException {
    return Files.readString(log);
  }

  /** Stops the server; its port refuses connections from then on. */
  public void stop() throws InterruptedException {
    process.destroy();
    process.waitFor();
  }

  @Override
  public void close() throws InterruptedException {
    stop();
    tls.delete();
  }

  private void awaitListening() throws Exception {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        fail("pebble exited: " + log());
      }
      try (Socket socket = new Socket("127.0.0.1", apiPort)) {
        return;
      } catch (IOException notYet) {
        Thread.sleep(50);
      }
    }
    close();
    fail("pebble did not listen within " + START_TIMEOUT + ": " + log());
  }

  private SSLContext trustingApi() throws Exception {
    KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
    store.load(null, null);
    try (InputStream in = Files.newInputStream(Path.of(tls.certificatePath()))) {
      store.setCertificateEntry(
          "pebble", CertificateFactory.getInstance("X.509").generateCertificate(in));
    }
    TrustManagerFactory factory =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    factory.init(store);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, factory.getTrustManagers(), null);
    return context;
  }
}
