package dev.gatehouse.edge.trust;

import static dev.gatehouse.shared.testing.Await.result;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.agent.Agent;
import dev.gatehouse.agent.AgentConfig;
import dev.gatehouse.agent.testing.TestPostgres;
import dev.gatehouse.edge.Edge;
import dev.gatehouse.edge.testing.EchoOrigin;
import dev.gatehouse.edge.testing.TestEdges;
import dev.gatehouse.shared.config.ConfigException;
import dev.gatehouse.shared.testing.TestYaml;
import dev.gatehouse.shared.trust.EdgeAssertion;
import dev.gatehouse.shared.trust.HmacTokens;
import dev.gatehouse.shared.trust.SharedSecret;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent believes only what its edge MACed with their shared secret: real edge and agent, a
 * local service behind the agent that reports the client IP it was told, and assertions made wrong
 * in every way.
 */
@ExtendWith(VertxExtension.class)
class EdgeAgentTrustTest {

  private static final String REQUEST_ID = "r-1";
  private static final String DEADLINE = "1764000000000";

  @TempDir Path dir;
  private SharedSecret secret;
  private Agent agent;
  private WebClient plain;
  private Vertx vertx;

  @BeforeEach
  void start(Vertx vertx) throws Exception {
    this.vertx = vertx;
    secret = SharedSecret.generate();
    Files.writeString(dir.resolve("agent-secret"), secret.encoded());
    int echoPort = EchoOrigin.start(vertx);
    agent = Agent.start(agentConfig(echoPort, "[127.0.0.1/32]", dir.resolve("agent-secret")));
    plain = WebClient.create(vertx);
  }

  @AfterEach
  void stop() {
    agent.close();
  }

  @Test
  void clientIpSeenBehindTheAgentIsTheOneTheEdgeSignedNotAForgedHeader(Vertx vertx)
      throws Exception {
    try (Edge edge = startEdge(agent.port())) {
      HttpResponse<Buffer> response =
          result(
              TestEdges.client(vertx, HttpVersion.HTTP_1_1)
                  .get(edge.httpsPort(), "localhost", "/stats/x")
                  .putHeader("X-Forwarded-For", "198.51.100.99")
                  .putHeader(EdgeAssertion.HEADER, "forged")
                  .send());

      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(EchoOrigin.seen(response, "X-Forwarded-For")).isEqualTo("127.0.0.1");
      assertThat(EchoOrigin.seen(response, EdgeAssertion.HEADER)).isNull();
    }
  }

  @Test
  void validAssertionSentStraightToTheAgentDecidesTheClientIp() {
    HttpResponse<Buffer> response = direct(sign(secret, "203.0.113.7", 30), "198.51.100.99");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(EchoOrigin.seen(response, "X-Forwarded-For")).isEqualTo("203.0.113.7");
  }

  @Test
  void theSameAssertionTwiceIsAReplayAndRefused() {
    String assertion = sign(secret, "203.0.113.7", 30);

    assertThat(direct(assertion, null).statusCode()).isEqualTo(200);
    assertRejected(direct(assertion, null));
  }

  @Test
  void anAssertionForAnotherRequestIsRefused() {
    String otherPath = sign(secret, "203.0.113.7", 30, bound("GET", "/stats/y", "r-2"));
    String otherMethod = sign(secret, "203.0.113.7", 30, bound("POST", "/stats/x", "r-3"));
    String otherId = sign(secret, "203.0.113.7", 30, bound("GET", "/stats/x", "r-4"));

    assertRejected(direct(otherPath, null, "r-2", DEADLINE));
    assertRejected(direct(otherMethod, null, "r-3", DEADLINE));
    assertRejected(direct(otherId, null, "r-5", DEADLINE));
  }

  @Test
  void aDeadlineHeaderOtherThanTheSignedOneIsRefused() {
    String assertion = sign(secret, "203.0.113.7", 30, bound("GET", "/stats/x", "r-6"));

    assertRejected(direct(assertion, null, "r-6", "1"));
  }

  @Test
  void aTimeoutHeaderOtherThanTheSignedOneIsRefused() {
    JsonObject claims = bound("GET", "/stats/x", "r-9").put(EdgeAssertion.TIMEOUT, 3000L);

    assertRejected(direct(sign(secret, "203.0.113.7", 30, claims), null, "r-9", DEADLINE, "60000"));
    assertRejected(
        direct(sign(secret, "203.0.113.7", 30, claims.copy()), null, "r-9", DEADLINE, null));
    assertRejected(
        direct(
            sign(secret, "203.0.113.7", 30, bound("GET", "/stats/x", "r-9")),
            null,
            "r-9",
            DEADLINE,
            "3000"));
    assertThat(
            direct(sign(secret, "203.0.113.7", 30, claims.copy()), null, "r-9", DEADLINE, "3000")
                .statusCode())
        .isEqualTo(200);
  }

  @Test
  void anAssertionWithoutExpiryIsRefused() {
    long now = System.currentTimeMillis() / 1000;
    JsonObject claims =
        bound("GET", "/stats/x", "r-7")
            .put(EdgeAssertion.CLIENT_IP, "203.0.113.7")
            .put("iss", EdgeAssertion.ISSUER)
            .put("aud", EdgeAssertion.AUDIENCE)
            .put("iat", now);
    String forever = new HmacTokens(secret).sign(claims);

    assertRejected(direct(forever, null, "r-7", DEADLINE));
  }

  @Test
  void everyRequestThroughTheEdgeCarriesItsOwnAssertion(Vertx vertx) throws Exception {
    try (Edge edge = startEdge(agent.port())) {
      WebClient client = TestEdges.client(vertx, HttpVersion.HTTP_1_1);
      for (int i = 0; i < 3; i++) {
        assertThat(
                result(client.get(edge.httpsPort(), "localhost", "/stats/x").send()).statusCode())
            .isEqualTo(200);
      }
    }
  }

  @Test
  void aClientSendingTheSameRequestIdAgainIsNotTakenForAReplay(Vertx vertx) throws Exception {
    try (Edge edge = startEdge(agent.port())) {
      WebClient client = TestEdges.client(vertx, HttpVersion.HTTP_1_1);
      for (int i = 0; i < 3; i++) {
        HttpResponse<Buffer> answer =
            result(
                client
                    .get(edge.httpsPort(), "localhost", "/stats/x")
                    .putHeader("X-Request-Id", "same-id-1")
                    .send());

        assertThat(answer.statusCode()).as("attempt " + i).isEqualTo(200);
        assertThat(answer.getHeader("X-Request-Id")).isEqualTo("same-id-1");
      }
    }
  }

  @Test
  void anAssertionWithoutANonceIsRefused() {
    JsonObject request = bound("GET", "/stats/x", "r-8");
    request.remove(EdgeAssertion.NONCE);

    assertRejected(direct(sign(secret, "203.0.113.7", 30, request), null, "r-8", DEADLINE));
  }

  @Test
  void missingAssertionIs401() {
    assertRejected(direct(null, null));
  }

  @Test
  void expiredAssertionIs401() {
    assertRejected(direct(sign(secret, "203.0.113.7", -60), null));
  }

  @Test
  void assertionMacedWithAnotherAgentsSecretIs401() {
    assertRejected(direct(sign(SharedSecret.generate(), "203.0.113.7", 30), null));
  }

  @Test
  void aHeaderNamingAnotherAlgorithmIsRefusedEvenWithTheRightSecret() throws Exception {
    String payload = sign(secret, "203.0.113.7", 30).split("\\.")[1];
    for (String header :
        new String[] {
          "{\"alg\":\"HS512\",\"typ\":\"JWT\"}",
          "{\"alg\":\"HS256\"}",
          "{\"typ\":\"JWT\",\"alg\":\"HS256\"}"
        }) {
      String input = base64(header) + "." + payload;
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(
          new SecretKeySpec(Base64.getUrlDecoder().decode(secret.encoded().strip()), "HmacSHA256"));
      String token =
          input
              + "."
              + Base64.getUrlEncoder()
                  .withoutPadding()
                  .encodeToString(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII)));

      assertRejected(direct(token, null));
    }
  }

  @Test
  void eachUpstreamsAgentsTakeOnlyAssertionsMacedWithTheirOwnSecret(Vertx vertx) throws Exception {
    Path otherFile = dir.resolve("other-secret");
    Files.writeString(otherFile, SharedSecret.generate().encoded());
    Agent other = Agent.start(agentConfig(EchoOrigin.start(vertx), "[127.0.0.1/32]", otherFile));
    String yaml =
        """
        agent_assertion: {secret_file: %s}
        upstreams:
          home: {targets: ["127.0.0.1:%d"]}
          friend: {targets: ["127.0.0.1:%d"], assertion_secret_file: %s}
          stranger: {targets: ["127.0.0.1:%d"]}
        routes:
          - {path: /stats/home, upstream: home}
          - {path: /stats/friend, upstream: friend}
          - {path: /stats/stranger, upstream: stranger}
        """
            .formatted(
                dir.resolve("agent-secret"), agent.port(), other.port(), otherFile, other.port());
    try (Edge edge = TestEdges.start(yaml)) {
      WebClient client = TestEdges.client(vertx, HttpVersion.HTTP_1_1);

      assertThat(
              result(client.get(edge.httpsPort(), "localhost", "/stats/home").send()).statusCode())
          .isEqualTo(200);
      assertThat(
              result(client.get(edge.httpsPort(), "localhost", "/stats/friend").send())
                  .statusCode())
          .isEqualTo(200);
      // The default secret is the home agent's; the friend's agent refuses what it MACs.
      assertRejected(result(client.get(edge.httpsPort(), "localhost", "/stats/stranger").send()));
    } finally {
      other.close();
    }
  }

  @Test
  void assertionWithAnAlteredClaimIs401() {
    String[] parts = sign(secret, "203.0.113.7", 30).split("\\.");
    JsonObject claims =
        new JsonObject(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
    claims.put(EdgeAssertion.CLIENT_IP, "10.0.0.1");
    String altered = parts[0] + "." + base64(claims.encode()) + "." + parts[2];

    assertRejected(direct(altered, null));
  }

  @Test
  void unsignedAssertionIs401() {
    long now = System.currentTimeMillis() / 1000;
    JsonObject claims =
        new JsonObject()
            .put(EdgeAssertion.CLIENT_IP, "203.0.113.7")
            .put("iss", EdgeAssertion.ISSUER)
            .put("aud", EdgeAssertion.AUDIENCE)
            .put("iat", now)
            .put("exp", now + 30);
    String none =
        base64("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + base64(claims.encode()) + ".";

    assertRejected(direct(none, null));
  }

  @Test
  void healthNeedsNoAssertion() {
    assertThat(result(plain.get(agent.port(), "127.0.0.1", "/health").send()).statusCode())
        .isEqualTo(200);
  }

  @Test
  void connectionFromASourceNotAllowedIsClosed(Vertx vertx) throws Exception {
    Agent guarded = Agent.start(agentConfig(1, "[192.0.2.1/32]", dir.resolve("agent-secret")));
    try {
      // Closed before the request arrives, or while it does: the client reads a close or a reset.
      assertThatThrownBy(() -> result(plain.get(guarded.port(), "127.0.0.1", "/health").send()))
          .hasMessageMatching("(?s).*(closed|Connection reset).*");
    } finally {
      guarded.close();
    }
  }

  @Test
  void agentListeningBeyondLoopbackWithoutTheEdgeSecretDoesNotStart() {
    assertThatThrownBy(
            () ->
                AgentConfig.from(
                    TestYaml.parse(
                        "listen: {host: 10.8.0.2}\nroutes: [{path: /x, backend: status}]")))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith(
            "test.yaml: trust.edge_secret_file: is required when the agent listens on 10.8.0.2");
  }

  private AgentConfig agentConfig(int echoPort, String sources, Path secretFile) {
    return AgentConfig.from(
        TestYaml.parse(
            """
            listen: {host: 127.0.0.1, port: 0}
            database: {url: %s}
            trust:
              edge_secret_file: %s
              allowed_sources: %s
            routes:
              - path: /stats/*
                url: http://127.0.0.1:%d
            """
                .formatted(TestPostgres.newDatabase(), secretFile, sources, echoPort)));
  }

  private Edge startEdge(int agentPort) throws Exception {
    String yaml =
        """
        agent_assertion: {secret_file: %s, ttl: 10s}
        upstreams:
          agent: {targets: ["127.0.0.1:%d"]}
        routes:
          - path: /stats/*
            upstream: agent
        """
            .formatted(dir.resolve("agent-secret"), agentPort);
    return TestEdges.start(yaml);
  }

  private HttpResponse<Buffer> direct(String assertion, String forwardedFor) {
    return direct(assertion, forwardedFor, REQUEST_ID, DEADLINE);
  }

  private HttpResponse<Buffer> direct(
      String assertion, String forwardedFor, String requestId, String deadline) {
    return direct(assertion, forwardedFor, requestId, deadline, null);
  }

  private HttpResponse<Buffer> direct(
      String assertion, String forwardedFor, String requestId, String deadline, String timeout) {
    var request =
        plain
            .get(agent.port(), "127.0.0.1", "/stats/x")
            .putHeader("X-Request-Id", requestId)
            .putHeader(EdgeAssertion.DEADLINE_HEADER, deadline);
    if (timeout != null) {
      request.putHeader(EdgeAssertion.TIMEOUT_HEADER, timeout);
    }
    if (assertion != null) {
      request.putHeader(EdgeAssertion.HEADER, assertion);
    }
    if (forwardedFor != null) {
      request.putHeader("X-Forwarded-For", forwardedFor);
    }
    return result(request.send());
  }

  /**
   * An assertion as the edge makes it, valid for {@code seconds} (negative: expired that long ago).
   */
  private String sign(SharedSecret key, String clientIp, long seconds) {
    return sign(key, clientIp, seconds, bound("GET", "/stats/x", REQUEST_ID));
  }

  /** The claims that bind an assertion to one request, as the edge writes them. */
  private static JsonObject bound(String method, String path, String requestId) {
    return new JsonObject()
        .put(EdgeAssertion.ROUTE, "/stats/*")
        .put(EdgeAssertion.METHOD, method)
        .put(EdgeAssertion.PATH, path)
        .put(EdgeAssertion.REQUEST_ID, requestId)
        .put(EdgeAssertion.DEADLINE, Long.parseLong(DEADLINE))
        .put(EdgeAssertion.NONCE, UUID.randomUUID().toString());
  }

  private String sign(SharedSecret key, String clientIp, long seconds, JsonObject request) {
    long now = System.currentTimeMillis() / 1000;
    JsonObject claims =
        request
            .copy()
            .put(EdgeAssertion.CLIENT_IP, clientIp)
            .put("iss", EdgeAssertion.ISSUER)
            .put("aud", EdgeAssertion.AUDIENCE)
            .put("iat", now - Math.max(0, -seconds) - 10)
            .put("exp", now + seconds);
    return new HmacTokens(key).sign(claims);
  }

  private static void assertRejected(HttpResponse<Buffer> response) {
    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.bodyAsJsonObject().getString("error")).isEqualTo("invalid_assertion");
  }

  private static String base64(String text) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }
}
