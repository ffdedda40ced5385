package dev.gatehouse.edge.testing;

import static dev.gatehouse.shared.testing.Await.result;

import dev.gatehouse.edge.Edge;
import dev.gatehouse.edge.config.EdgeConfig;
import dev.gatehouse.shared.testing.TestYaml;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.core.net.SelfSignedCertificate;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;

/** Starts real edges on loopback with a self-signed certificate for localhost. */
public final class TestEdges {

  public static final SelfSignedCertificate CERTIFICATE = SelfSignedCertificate.create("localhost");

  private TestEdges() {}

  /**
   * The YAML of an edge forwarding the status route, {@code /stats/*} and {@code /small/*} (bodies
   * up to 1 KiB) to one agent port.
   */
  public static String yaml(int httpsPort, int httpPort, int agentPort, String upstreamExtra) {
    return """
        listen: {host: 127.0.0.1, https_port: %d, http_port: %d}
        instances: 2
        admin: {port: 0}
        tls:
          cert: %s
          key: %s
        upstreams:
          agent:
            targets: ["127.0.0.1:%d"]
            %s
        routes:
          - path: /api/server/status
            methods: [GET, HEAD]
            upstream: agent
          - path: /stats/*
            methods: [GET, POST]
            upstream: agent
            max_body: 8MiB
          - path: /small/*
            methods: [POST]
            upstream: agent
            max_body: 1KiB
        """
        .formatted(
            httpsPort,
            httpPort,
            CERTIFICATE.certificatePath(),
            CERTIFICATE.privateKeyPath(),
            agentPort,
            upstreamExtra);
  }

  /**
   * Starts an edge on loopback from {@code yaml} (upstreams, routes, policies), with the listener,
   * admin port and test certificate every test edge has; {@code env} resolves {@code ${NAME}}.
   */
  public static Edge start(String yaml, Map<String, String> env) throws Exception {
    String listener =
        """
        listen: {host: 127.0.0.1, https_port: %d, http_port: -1}
        admin: {port: 0}
        tls: {cert: %s, key: %s}
        """
            .formatted(freePort(), CERTIFICATE.certificatePath(), CERTIFICATE.privateKeyPath());
    return Edge.start(EdgeConfig.from(TestYaml.parse(listener + yaml, env)));
  }

  public static Edge start(String yaml) throws Exception {
    return start(yaml, Map.of());
  }

  public static Edge start(int agentPort) throws Exception {
    return start(agentPort, "");
  }

  public static Edge start(int agentPort, String upstreamExtra) throws Exception {
    return Edge.start(
        EdgeConfig.from(TestYaml.parse(yaml(freePort(), -1, agentPort, upstreamExtra))));
  }

  /** An origin on loopback standing in for an agent, answering with {@code handler}; its port. */
  public static int origin(Vertx vertx, Handler<HttpServerRequest> handler) {
    return result(vertx.createHttpServer().requestHandler(handler).listen(0, "127.0.0.1"))
        .actualPort();
  }

  /**
   * A client that trusts only the test certificate and checks the host name, as a browser would.
   */
  public static WebClient client(Vertx vertx, HttpVersion version) {
    return WebClient.create(vertx, new WebClientOptions(clientOptions(version)));
  }

  /** The same, for a plain HTTP client that writes its request bodies itself. */
  public static HttpClientOptions clientOptions(HttpVersion version) {
    return new HttpClientOptions()
        .setSsl(true)
        .setTrustOptions(new PemTrustOptions().addCertPath(CERTIFICATE.certificatePath()))
        .setVerifyHost(true)
        .setUseAlpn(true)
        .setProtocolVersion(version)
        .setAlpnVersions(List.of(version));
  }

  /**
   * Streams {@code size} bytes to {@code path} with no Content-Length (chunked on HTTP/1.1); the
   * answer's status.
   */
  public static int postWithoutLength(Vertx vertx, int port, String path, int size) {
    // A client of its own: the edge closes the connection after refusing such a body.
    HttpClient http = vertx.createHttpClient(clientOptions(HttpVersion.HTTP_1_1));
    HttpClientRequest request = result(http.request(HttpMethod.POST, port, "localhost", path));
    request.setChunked(true);
    Future<Integer> status = request.response().map(HttpClientResponse::statusCode);
    request.write(Buffer.buffer(new byte[size]));
    request.end();
    return result(status);
  }

  /** A loopback port nothing listens on right now. */
  public static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
