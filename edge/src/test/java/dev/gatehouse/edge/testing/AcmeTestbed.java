package dev.gatehouse.edge.testing;

import static dev.gatehouse.shared.testing.Await.result;

import dev.gatehouse.edge.Edge;
import dev.gatehouse.edge.config.EdgeConfig;
import dev.gatehouse.shared.testing.TestYaml;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.net.InetAddress;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * A real ACME setting on loopback: pebble, a DNS answerer naming {@link #DOMAIN} 127.0.0.1 and
 * {@link #ELSEWHERE} 127.0.0.2 (where no edge listens), an origin standing in for the agent, and
 * edges started with {@code tls.acme} against that pebble.
 */
public final class AcmeTestbed implements AutoCloseable {

  public static final String DOMAIN = "edge.gatehouse.test";
  public static final String ELSEWHERE = "elsewhere.gatehouse.test";

  private final Vertx vertx;
  private final Path dir;
  private final LoopbackDns dns;
  private final int httpPort = TestEdges.freePort();
  private final CountingOrigin origin;
  private final Pebble pebble;

  public AcmeTestbed(Vertx vertx, Path dir, Optional<Duration> validity) throws Exception {
    this.vertx = vertx;
    this.dir = dir;
    this.dns =
        new LoopbackDns(
            Map.of(
                DOMAIN, InetAddress.getByName("127.0.0.1"),
                ELSEWHERE, InetAddress.getByName("127.0.0.2")));
    this.origin = new CountingOrigin(vertx);
    try {
      this.pebble = Pebble.start(dir.resolve("pebble"), httpPort, dns, validity);
    } catch (Exception | Error skippedOrFailed) {
      dns.close();
      throw skippedOrFailed;
    }
  }

  public Pebble pebble() {
    return pebble;
  }

  public Path stateDir() {
    return dir.resolve("acme");
  }

  /** Starts an edge whose certificate is for {@code domains}, from this pebble. */
  public Edge startEdge(List<String> domains) throws Exception {
    return Edge.start(EdgeConfig.from(TestYaml.parse(yaml(domains))));
  }

  /** The configuration of such an edge. */
  public String yaml(List<String> domains) {
    return yaml(domains, httpPort, stateDir(), "");
  }

  /**
   * The configuration of an edge with its own plain-HTTP port and state folder, and {@code extra}
   * top-level YAML (e.g. a {@code redis:} section).
   */
  public String yaml(List<String> domains, int httpPort, Path stateDir, String extra) {
    String acme =
        """
        tls:
          acme:
            email: ops@gatehouse.test
            domains: %s
            directory: %s
            state_dir: %s
            trust: %s
        """
            .formatted(domains, pebble.directory(), stateDir, pebble.apiCertificate());
    return TestEdges.yaml(TestEdges.freePort(), httpPort, origin.port(), "")
            .replaceFirst("(?s)tls:\n.*?(?=upstreams:)", acme.replace("$", "\\$"))
        + extra;
  }

  /** The edges' plain-HTTP port, where pebble validates. */
  public int httpPort() {
    return httpPort;
  }

  /** Stops pebble, as when the CA is unreachable. */
  public void stopPebble() throws InterruptedException {
    pebble.stop();
  }

  /** The certificate chain a new TLS connection to {@code edge} is shown, leaf first. */
  public static List<X509Certificate> servedChain(Edge edge) throws Exception {
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, new TrustManager[] {new AcceptAll()}, null);
    try (SSLSocket socket =
        (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", edge.httpsPort())) {
      SSLParameters parameters = socket.getSSLParameters();
      parameters.setServerNames(List.of(new SNIHostName(DOMAIN)));
      socket.setSSLParameters(parameters);
      socket.startHandshake();
      return java.util.Arrays.stream(socket.getSession().getPeerCertificates())
          .map(X509Certificate.class::cast)
          .toList();
    }
  }

  public static String servedSerial(Edge edge) throws Exception {
    return servedChain(edge).get(0).getSerialNumber().toString(16);
  }

  /** Polls until the served leaf matches {@code condition}; returns it, or the last one seen. */
  public static X509Certificate awaitServed(
      Edge edge, Predicate<X509Certificate> condition, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    X509Certificate leaf = servedChain(edge).get(0);
    while (!condition.test(leaf) && System.nanoTime() < deadline) {
      Thread.sleep(100);
      leaf = servedChain(edge).get(0);
    }
    return leaf;
  }

  /** Polls the admin {@code /health} until its {@code acme} part matches {@code condition}. */
  public JsonObject awaitStatus(Edge edge, Predicate<JsonObject> condition, Duration timeout)
      throws Exception {
    WebClient client = WebClient.create(vertx);
    try {
      long deadline = System.nanoTime() + timeout.toNanos();
      JsonObject acme = acmeStatus(client, edge);
      while (!condition.test(acme) && System.nanoTime() < deadline) {
        Thread.sleep(100);
        acme = acmeStatus(client, edge);
      }
      return acme;
    } finally {
      client.close();
    }
  }

  /**
   * A client that trusts only {@code root} and checks the host name, as a browser would, sending
   * its requests for {@link #DOMAIN} to the edge on loopback.
   */
  public WebClient verifyingClient(X509Certificate root, boolean keepAlive) throws Exception {
    String pem =
        "-----BEGIN CERTIFICATE-----\n"
            + Base64.getMimeEncoder().encodeToString(root.getEncoded())
            + "\n-----END CERTIFICATE-----\n";
    return WebClient.create(
        vertx,
        new WebClientOptions()
            .setSsl(true)
            .setVerifyHost(true)
            .setKeepAlive(keepAlive)
            .setTrustOptions(new PemTrustOptions().addCertValue(Buffer.buffer(pem))));
  }

  /** The number of certificates pebble has issued since it started. */
  public int issuedCount() throws Exception {
    return (int) pebble.log().lines().filter(line -> line.contains("Issued certificate")).count();
  }

  @Override
  public void close() throws Exception {
    pebble.close();
    dns.close();
  }

  private static JsonObject acmeStatus(WebClient client, Edge edge) {
    JsonObject health =
        result(client.get(edge.adminPort(), "127.0.0.1", "/health").send()).bodyAsJsonObject();
    return Optional.ofNullable(health.getJsonObject("acme")).orElse(new JsonObject());
  }

  private static final class AcceptAll implements X509TrustManager {
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}
