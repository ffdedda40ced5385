package dev.gatehouse.edge.policy;

import static dev.gatehouse.shared.testing.Await.result;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.gatehouse.edge.Edge;
import dev.gatehouse.edge.apikey.ApiKeyHandler;
import dev.gatehouse.edge.apikey.ApiKeys;
import dev.gatehouse.edge.config.EdgeConfig;
import dev.gatehouse.edge.testing.CountingOrigin;
import dev.gatehouse.edge.testing.TestEdges;
import dev.gatehouse.shared.testing.TestYaml;
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
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.slf4j.LoggerFactory;

/**
 * The edge's per-route policies against a real TLS edge and an origin that counts what reaches it.
 */
@ExtendWith(VertxExtension.class)
class PolicyTest {

  static final String KEY = "k3y-website-0123456789abcdefghijklmnopqrstuv";
  static final String NEXT_KEY = "k3y-rotated-zyxwvutsrqponmlkjihgfedcba9876";
  static final String PAGE_KEY = "k3y-page-written-into-the-website-html-0001";
  static final String SITE = "https://game.example.com";

  private CountingOrigin origin;
  private Edge edge;
  private WebClient client;
  private ListAppender<ILoggingEvent> accessLog;

  @BeforeEach
  void start(Vertx vertx) throws Exception {
    origin = new CountingOrigin(vertx);
    int port = TestEdges.freePort();
    String yaml =
        """
        listen: {host: 127.0.0.1, https_port: %d, http_port: -1}
        admin: {port: 0}
        bans: {enabled: false}
        tls: {cert: %s, key: %s}
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
        """
            .formatted(
                port,
                TestEdges.CERTIFICATE.certificatePath(),
                TestEdges.CERTIFICATE.privateKeyPath(),
                HexFormat.of().formatHex(ApiKeys.sha256(KEY)),
                HexFormat.of().formatHex(ApiKeys.sha256(PAGE_KEY)),
                SITE,
                origin.port());
    edge = Edge.start(EdgeConfig.from(TestYaml.parse(yaml, Map.of("NEXT_KEY", NEXT_KEY))));
    client = clientFrom(vertx, "127.0.0.1");
    accessLog = new ListAppender<>();
    accessLog.start();
    ((Logger) LoggerFactory.getLogger("gatehouse.access")).addAppender(accessLog);
  }

  @AfterEach
  void stop() {
    ((Logger) LoggerFactory.getLogger("gatehouse.access")).detachAppender(accessLog);
    edge.close();
  }

  @Test
  void missingOrWrongKeyIs403AndNeverReachesTheAgent() {
    HttpResponse<Buffer> missing = register(null, "{}");
    HttpResponse<Buffer> wrong = register(KEY + "x", "{}");

    for (HttpResponse<Buffer> response : List.of(missing, wrong)) {
      assertThat(response.statusCode()).isEqualTo(403);
      assertThat(response.bodyAsJsonObject().getString("error")).isEqualTo("invalid_api_key");
    }
    assertThat(origin.requests()).isZero();
  }

  @Test
  void aPublicKeyCountsOnlyOnRequestsFromAPageOfAnAllowedOrigin() {
    HttpResponse<Buffer> noOrigin = register(PAGE_KEY, null, "{}");
    HttpResponse<Buffer> otherOrigin = register(PAGE_KEY, "https://copycat.example.net", "{}");
    HttpResponse<Buffer> fromSite = register(PAGE_KEY, SITE, "{}");

    for (HttpResponse<Buffer> refused : List.of(noOrigin, otherOrigin)) {
      assertThat(refused.statusCode()).isEqualTo(403);
      assertThat(refused.bodyAsJsonObject().getString("error")).isEqualTo("invalid_api_key");
    }
    assertThat(fromSite.statusCode()).isEqualTo(200);
    assertThat(fromSite.getHeader("Access-Control-Allow-Origin")).isEqualTo(SITE);
    assertThat(origin.requests()).isEqualTo(1);
  }

  @Test
  void aSecretKeySentByAWebPageWorksAndIsReportedOnceByNameOnly() {
    ListAppender<ILoggingEvent> warnings = new ListAppender<>();
    warnings.start();
    Logger handlerLog = (Logger) LoggerFactory.getLogger(ApiKeyHandler.class);
    handlerLog.addAppender(warnings);
    try {
      HttpResponse<Buffer> first = register(KEY, SITE, "{}");
      HttpResponse<Buffer> second = register(KEY, SITE, "{}");

      assertThat(first.statusCode()).isEqualTo(200);
      assertThat(second.statusCode()).isEqualTo(200);
      assertThat(warnings.list).hasSizeLessThanOrEqualTo(2); // once per event loop at most
      assertThat(warnings.list).isNotEmpty();
      assertThat(warnings.list.get(0).getFormattedMessage())
          .contains("'website'", SITE, "public: true")
          .doesNotContain(KEY);
    } finally {
      handlerLog.detachAppender(warnings);
    }
  }

  @Test
  void aPublicKeyWithoutAllowedOriginsStopsStartUpNamingTheKey() {
    String yaml =
        """
        tls: {cert: %s, key: %s}
        api_keys:
          - {name: website-page, sha256: %s, public: true}
        upstreams:
          agent: {targets: ["127.0.0.1:1"]}
        routes:
          - {path: /api/register, methods: [POST], upstream: agent, api_key: required}
        """
            .formatted(
                TestEdges.CERTIFICATE.certificatePath(),
                TestEdges.CERTIFICATE.privateKeyPath(),
                HexFormat.of().formatHex(ApiKeys.sha256(PAGE_KEY)));

    assertThatThrownBy(() -> EdgeConfig.from(TestYaml.parse(yaml)))
        .hasMessageContaining("api_keys[0].public")
        .hasMessageContaining("cors.allowed_origins");
  }

  @Test
  void bothKeysOfARotationAreAcceptedAndTheKeyStaysAtTheEdge() {
    HttpResponse<Buffer> current = register(KEY, "{}");
    HttpResponse<Buffer> next = register(NEXT_KEY, "{}");

    assertThat(current.statusCode()).isEqualTo(200);
    assertThat(next.statusCode()).isEqualTo(200);
    assertThat(current.getHeader("X-Seen-Api-Key")).isEqualTo("null");
    assertThat(origin.requests()).isEqualTo(2);
  }

  @Test
  void http2RequestsAreLoggedAsCompleted(Vertx vertx) throws Exception {
    result(
        TestEdges.client(vertx, io.vertx.core.http.HttpVersion.HTTP_2)
            .get(edge.httpsPort(), "localhost", "/api/server/status")
            .send());

    assertThat(accessLines(1).get(0).containsKey("aborted")).isFalse();
  }

  @Test
  void healthAnswersHeadToo() {
    assertThat(result(client.head(edge.httpsPort(), "localhost", "/health").send()).statusCode())
        .isEqualTo(200);
  }

  @Test
  void accessLogNamesTheKeyButNeverContainsIt() throws Exception {
    register(KEY, "{}");
    register("wrong-" + KEY, "{}");

    List<JsonObject> lines = accessLines(2);
    assertThat(lines.get(0).getString("key")).isEqualTo("website");
    assertThat(lines.get(0).getInteger("status")).isEqualTo(200);
    assertThat(lines.get(0).getString("upstream")).isEqualTo("agent");
    assertThat(lines.get(0).getDouble("upstream_ms"))
        .isPositive()
        .isLessThanOrEqualTo(lines.get(0).getDouble("duration_ms"));
    assertThat(lines.get(1).containsKey("upstream_ms")).isFalse();
    assertThat(lines).allSatisfy(line -> assertThat(line.containsKey("aborted")).isFalse());
    assertThat(lines.get(1).getString("rejected_by")).isEqualTo("invalid_api_key");
    assertThat(lines.get(1).getString("client_ip")).isEqualTo("127.0.0.1");
    assertThat(lines.get(1).getString("request_id")).isNotBlank();
    assertThat(accessLog.list)
        .allSatisfy(e -> assertThat(e.getFormattedMessage()).doesNotContain(KEY));
  }

  @Test
  void exactlyTheLimitIsAcceptedFromOneIpUnder200ConcurrentRequests(Vertx vertx) {
    List<Future<HttpResponse<Buffer>>> burst = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      burst.add(
          client
              .post(edge.httpsPort(), "localhost", "/api/register")
              .putHeader("X-API-Key", KEY)
              .putHeader("Content-Type", "application/json")
              .sendBuffer(Buffer.buffer("{}")));
    }
    result(Future.join(burst));

    List<HttpResponse<Buffer>> responses = burst.stream().map(Future::result).toList();
    assertThat(responses).filteredOn(r -> r.statusCode() == 200).hasSize(10);
    assertThat(responses).filteredOn(r -> r.statusCode() == 429).hasSize(190);
    assertThat(origin.requests()).isEqualTo(10);
    HttpResponse<Buffer> rejected =
        responses.stream().filter(r -> r.statusCode() == 429).findFirst().orElseThrow();
    assertThat(rejected.bodyAsJsonObject().getString("error")).isEqualTo("rate_limited");
    assertThat(Long.parseLong(rejected.getHeader("Retry-After"))).isBetween(1L, 60L);
    assertThat(rejected.getHeader("RateLimit-Limit")).isEqualTo("10");
    assertThat(rejected.getHeader("RateLimit-Remaining")).isEqualTo("0");
    assertThat(rejected.getHeader("RateLimit-Policy")).isEqualTo("\"/api/register\";q=10;w=60");
    assertThat(rejected.getHeader("RateLimit")).matches("\"/api/register\";r=0;t=\\d+");

    HttpResponse<Buffer> otherIp =
        result(
            clientFrom(vertx, "127.0.0.2")
                .post(edge.httpsPort(), "localhost", "/api/register")
                .putHeader("X-API-Key", KEY)
                .putHeader("Content-Type", "application/json")
                .sendBuffer(Buffer.buffer("{}")));
    assertThat(otherIp.statusCode()).isEqualTo(200);
    assertThat(otherIp.getHeader("RateLimit-Remaining")).isEqualTo("9");
  }

  @Test
  void preflightFromAllowedOriginIsAnsweredAtTheEdge() {
    HttpResponse<Buffer> response = preflight(SITE);

    assertThat(response.statusCode()).isEqualTo(204);
    assertThat(response.getHeader("Access-Control-Allow-Origin")).isEqualTo(SITE);
    assertThat(response.getHeader("Access-Control-Allow-Headers"))
        .contains("Content-Type", "X-API-Key");
    assertThat(response.getHeader("Access-Control-Allow-Methods")).contains("POST");
    assertThat(response.getHeader("Access-Control-Max-Age")).isEqualTo("600");
    assertThat(response.getHeader("Vary")).contains("Origin");
    assertThat(origin.requests()).isZero();
  }

  @Test
  void preflightFromOtherOriginIs403WithoutCorsHeaders() {
    HttpResponse<Buffer> response = preflight("https://evil.example.net");

    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(response.getHeader("Access-Control-Allow-Origin")).isNull();
    assertThat(response.getHeader("Vary")).contains("Origin");
    assertThat(origin.requests()).isZero();
  }

  @Test
  void actualRequestsCarryCorsHeadersOnlyForTheAllowedOrigin() {
    HttpResponse<Buffer> allowed =
        result(
            client
                .get(edge.httpsPort(), "localhost", "/api/server/status")
                .putHeader("Origin", SITE)
                .send());
    HttpResponse<Buffer> other =
        result(
            client
                .get(edge.httpsPort(), "localhost", "/api/server/status")
                .putHeader("Origin", "https://evil.example.net")
                .send());
    HttpResponse<Buffer> none =
        result(client.get(edge.httpsPort(), "localhost", "/api/server/status").send());

    assertThat(allowed.getHeader("Access-Control-Allow-Origin")).isEqualTo(SITE);
    assertThat(other.getHeader("Access-Control-Allow-Origin")).isNull();
    assertThat(List.of(allowed, other, none))
        .allSatisfy(r -> assertThat(r.getHeader("Vary")).contains("Origin"));
  }

  @Test
  void oversizedBodyIs413BeforeTheAgentIsContacted() {
    HttpResponse<Buffer> response = register(KEY, "{\"x\":\"" + "a".repeat(17 * 1024) + "\"}");

    assertThat(response.statusCode()).isEqualTo(413);
    assertThat(response.bodyAsJsonObject().getString("error")).isEqualTo("payload_too_large");
    assertThat(origin.requests()).isZero();
  }

  @Test
  void nonJsonBodyIs415() {
    HttpResponse<Buffer> response =
        result(
            client
                .post(edge.httpsPort(), "localhost", "/api/register")
                .putHeader("X-API-Key", KEY)
                .putHeader("Content-Type", "text/plain")
                .sendBuffer(Buffer.buffer("login=x")));

    assertThat(response.statusCode()).isEqualTo(415);
    assertThat(response.bodyAsJsonObject().getString("error")).isEqualTo("unsupported_media_type");
    assertThat(origin.requests()).isZero();
  }

  @Test
  void everyResponseCarriesSecurityHeadersAndNoServerVersion() {
    HttpResponse<Buffer> forwarded =
        result(client.get(edge.httpsPort(), "localhost", "/api/server/status").send());
    HttpResponse<Buffer> notFound =
        result(client.get(edge.httpsPort(), "localhost", "/nope").send());

    for (HttpResponse<Buffer> response : List.of(forwarded, notFound)) {
      assertThat(response.getHeader("Strict-Transport-Security")).startsWith("max-age=");
      assertThat(response.getHeader("X-Content-Type-Options")).isEqualTo("nosniff");
      assertThat(response.getHeader("Server")).isNull();
    }
  }

  @ParameterizedTest
  @EnumSource(
      value = HttpVersion.class,
      names = {"HTTP_1_1", "HTTP_2"})
  void bodyWithoutLengthOverTheLimitIs413AndNeverForwarded(HttpVersion version, Vertx vertx) {
    Answer response = sendWithoutLength(vertx, version, 20, 1024);

    assertThat(response.status()).isEqualTo(413);
    assertThat(response.body().toJsonObject().getString("error")).isEqualTo("payload_too_large");
    assertThat(origin.requests()).isZero();
  }

  @ParameterizedTest
  @EnumSource(
      value = HttpVersion.class,
      names = {"HTTP_1_1", "HTTP_2"})
  void bodyWithoutLengthWithinTheLimitIsForwardedWhole(HttpVersion version, Vertx vertx) {
    Answer response = sendWithoutLength(vertx, version, 15, 1024);

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.seenLength()).isEqualTo(String.valueOf(15 * 1024));
    assertThat(origin.requests()).isEqualTo(1);
  }

  private record Answer(int status, String seenLength, Buffer body) {}

  /**
   * Streams {@code chunks} pieces of {@code size} bytes with no Content-Length (chunked on
   * HTTP/1.1).
   */
  private Answer sendWithoutLength(Vertx vertx, HttpVersion version, int chunks, int size) {
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

  private HttpResponse<Buffer> register(String key, String json) {
    return register(key, null, json);
  }

  private HttpResponse<Buffer> register(String key, String pageOrigin, String json) {
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

  private HttpResponse<Buffer> preflight(String fromOrigin) {
    return result(
        client
            .request(HttpMethod.OPTIONS, edge.httpsPort(), "localhost", "/api/register")
            .putHeader("Origin", fromOrigin)
            .putHeader("Access-Control-Request-Method", "POST")
            .putHeader("Access-Control-Request-Headers", "content-type,x-api-key")
            .send());
  }

  private List<JsonObject> accessLines(int count) throws InterruptedException {
    for (int i = 0; i < 100 && accessLog.list.size() < count; i++) {
      Thread.sleep(20);
    }
    return accessLog.list.stream().map(e -> new JsonObject(e.getFormattedMessage())).toList();
  }

  private static WebClient clientFrom(Vertx vertx, String localAddress) {
    return WebClient.create(
        vertx,
        new WebClientOptions()
            .setSsl(true)
            .setTrustOptions(
                new PemTrustOptions().addCertPath(TestEdges.CERTIFICATE.certificatePath()))
            .setLocalAddress(localAddress));
  }
}
