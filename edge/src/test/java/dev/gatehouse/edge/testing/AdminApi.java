package dev.gatehouse.edge.testing;

import static dev.gatehouse.shared.testing.Await.result;

import dev.gatehouse.edge.Edge;
import dev.gatehouse.edge.config.EdgeConfig;
import dev.gatehouse.shared.password.Argon2id;
import dev.gatehouse.shared.testing.TestYaml;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.nio.file.Path;

/**
 * An edge whose admin API has two operators, {@value #OPERATOR} (role operator) and {@value
 * #VIEWER} (role viewer), both with password {@value #PASSWORD}, and a client for that API.
 */
public final class AdminApi {

  public static final String OPERATOR = "root";
  public static final String VIEWER = "watcher";
  public static final String PASSWORD = "correct horse battery staple";
  private static final String HASH = Argon2id.hash(PASSWORD);

  private final WebClient client;
  private final int port;

  public AdminApi(Vertx vertx, int port) {
    this(vertx, port, "127.0.0.1");
  }

  /** A client whose connections come from {@code localAddress}, e.g. 127.0.0.2. */
  public AdminApi(Vertx vertx, int port, String localAddress) {
    this.client = WebClient.create(vertx, new WebClientOptions().setLocalAddress(localAddress));
    this.port = port;
  }

  /** {@code edgeYaml} with its {@code admin: {port: 0}} line replaced by such an admin section. */
  public static String withOperators(String edgeYaml, Path stateDir) {
    return edgeYaml.replace("admin: {port: 0}\n", adminYaml(stateDir, ""));
  }

  /** The {@code admin:} section of such an edge, keeping its state in {@code stateDir}. */
  public static String adminYaml(Path stateDir, String extra) {
    return """
        admin:
          port: 0
          state_dir: %s
          operators:
            - {name: %s, password_hash: "%s", role: operator}
            - {name: %s, password_hash: "%s", role: viewer}
          %s
        """
        .formatted(stateDir, OPERATOR, HASH, VIEWER, HASH, extra);
  }

  /**
   * Starts an edge on loopback with that admin section, {@code rest} (upstreams, routes, bans...)
   * and the test certificate.
   */
  public static Edge startEdge(Path stateDir, String adminExtra, String rest) throws Exception {
    String yaml =
        """
        listen: {host: 127.0.0.1, https_port: %d, http_port: -1}
        tls: {cert: %s, key: %s}
        """
                .formatted(
                    TestEdges.freePort(),
                    TestEdges.CERTIFICATE.certificatePath(),
                    TestEdges.CERTIFICATE.privateKeyPath())
            + adminYaml(stateDir, adminExtra)
            + rest;
    return Edge.start(EdgeConfig.from(TestYaml.parse(yaml)));
  }

  /** An upstream nobody answers and one route to it: enough for an edge to start. */
  public static String idleUpstream() {
    return """
        upstreams:
          agent: {targets: ["127.0.0.1:%d"]}
        routes:
          - {path: /api/server/status, methods: [GET], upstream: agent}
        """
        .formatted(TestEdges.freePort());
  }

  public HttpResponse<Buffer> login(String user, String password) {
    return post("/admin/login", new JsonObject().put("username", user).put("password", password));
  }

  /** The token pair of a successful login. */
  public JsonObject tokens(String user) {
    HttpResponse<Buffer> response = login(user, PASSWORD);
    if (response.statusCode() != 200) {
      throw new AssertionError("login failed: " + response.bodyAsString());
    }
    return response.bodyAsJsonObject();
  }

  public HttpResponse<Buffer> post(String path, JsonObject body) {
    return result(client.post(port, "127.0.0.1", path).sendJsonObject(body));
  }

  public HttpResponse<Buffer> refresh(String refreshToken) {
    return post("/admin/refresh", new JsonObject().put("refresh_token", refreshToken));
  }

  /** {@code method path} with {@code accessToken} as its bearer token (none when null). */
  public HttpResponse<Buffer> call(HttpMethod method, String path, String accessToken) {
    var request = client.request(method, port, "127.0.0.1", path);
    if (accessToken != null) {
      request.bearerTokenAuthentication(accessToken);
    }
    return result(request.send());
  }

  public HttpResponse<Buffer> get(String path, String accessToken) {
    return call(HttpMethod.GET, path, accessToken);
  }
}
