package dev.gatehouse.edge.testing;

import static dev.gatehouse.shared.testing.Await.result;

import dev.gatehouse.edge.Edge;
import dev.gatehouse.edge.apikey.ApiKeys;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.junit5.VertxExtension;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A real TLS edge with every per-route policy configured, in front of an origin that counts what
 * reaches it: the fixture of the policy tests, one class per policy.
 */
@ExtendWith(VertxExtension.class)
public abstract class PolicyEdgeTest {

  protected static final String KEY = "k3y-website-0123456789abcdefghijklmnopqrstuv";
  protected static final String NEXT_KEY = "k3y-rotated-zyxwvutsrqponmlkjihgfedcba9876";
  protected static final String PAGE_KEY = "k3y-page-written-into-the-website-html-0001";
  protected static final String SITE = "https://game.example.com";

  protected CountingOrigin origin;
  protected Edge edge;
  protected WebClient client;
  private AccessLog accessLog;

  @BeforeEach
  protected void start(Vertx vertx) throws Exception {
    origin = new CountingOrigin(vertx);
    String yaml =
        """
        bans: {enabled: false}
        api_keys:
          - {name: website, sha256: %s}
          - {name: website-next, key: "${NEXT_KEY}"}
          - {name: website-page, sha256: %s, public: true}
        cors:
          allowed_origins: ["%s"]
          max_age: 10m
        upstreams:
          agent: {targets: ["127.0.0.1:%d"]}
        routes:
          - path: /api/register
            methods: [POST]
            upstream: agent
            api_key: required
            rate_limit: 10/1m
            max_body: 16KiB
            content_types: [application/json]
          - path: /api/server/status
            methods: [GET]
            upstream: agent
            rate_limit: 30/1m
          - path: /api/partner
            methods: [POST]
            upstream: agent
            api_keys: [website-next]
          - path: /api/office
            methods: [GET]
            upstream: agent
            allow_ips: [192.0.2.0/24]
          - path: /api/local
            methods: [GET]
            upstream: agent
            allow_ips: [127.0.0.0/8]
        """
            .formatted(
                HexFormat.of().formatHex(ApiKeys.sha256(KEY)),
                HexFormat.of().formatHex(ApiKeys.sha256(PAGE_KEY)),
                SITE,
                origin.port());
    edge = TestEdges.start(yaml, Map.of("NEXT_KEY", NEXT_KEY));
    client = clientFrom(vertx, "127.0.0.1");
    accessLog = AccessLog.capture();
  }

  @AfterEach
  protected void stop() {
    // After a start that failed, only what was started: the start's own error is the one to see.
    if (accessLog != null) {
      accessLog.close();
    }
    if (edge != null) {
      edge.close();
    }
  }

  protected HttpResponse<Buffer> register(String key, String json) {
    return register(key, null, json);
  }

  protected HttpResponse<Buffer> register(String key, String pageOrigin, String json) {
    var request =
        client
            .post(edge.httpsPort(), "localhost", "/api/register")
            .putHeader("Content-Type", "application/json");
    if (key != null) {
      request.putHeader("X-API-Key", key);
    }
    if (pageOrigin != null) {
      request.putHeader("Origin", pageOrigin);
    }
    return result(request.sendBuffer(Buffer.buffer(json)));
  }

  protected HttpResponse<Buffer> preflight(String fromOrigin) {
    return result(
        client
            .request(HttpMethod.OPTIONS, edge.httpsPort(), "localhost", "/api/register")
            .putHeader("Origin", fromOrigin)
            .putHeader("Access-Control-Request-Method", "POST")
            .putHeader("Access-Control-Request-Headers", "content-type,x-api-key")
            .send());
  }

  protected List<JsonObject> accessLines(int count) throws InterruptedException {
    return accessLog.lines(count);
  }

  protected static WebClient clientFrom(Vertx vertx, String localAddress) {
    return WebClient.create(
        vertx,
        new WebClientOptions()
            .setSsl(true)
            .setTrustOptions(
                new PemTrustOptions().addCertPath(TestEdges.CERTIFICATE.certificatePath()))
            .setLocalAddress(localAddress));
  }

  protected record Answer(int status, String seenLength, Buffer body) {}

  protected Answer sendWithoutLength(Vertx vertx, HttpVersion version, int chunks, int size) {
    HttpClient http = vertx.createHttpClient(TestEdges.clientOptions(version));
    HttpClientRequest request =
        result(http.request(HttpMethod.POST, edge.httpsPort(), "localhost", "/api/register"));
    request.putHeader("X-API-Key", KEY).putHeader("Content-Type", "application/json");
    request.setChunked(true);
    Future<Answer> answer =
        request
            .response()
            .compose(
                response ->
                    response
                        .body()
                        .map(
                            body ->
                                new Answer(
                                    response.statusCode(),
                                    response.getHeader("X-Seen-Length"),
                                    body)));
    for (int i = 0; i < chunks; i++) {
      request.write(Buffer.buffer(new byte[size]));
    }
    request.end();
    return result(answer);
  }
}
