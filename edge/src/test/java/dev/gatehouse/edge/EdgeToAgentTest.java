package dev.gatehouse.edge;

import static dev.gatehouse.shared.testing.Await.result;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.agent.Agent;
import dev.gatehouse.agent.testing.TestAgents;
import dev.gatehouse.agent.testing.TestPostgres;
import dev.gatehouse.edge.testing.EchoOrigin;
import dev.gatehouse.edge.testing.TestEdges;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Real client → edge (TLS) → agent → PostgreSQL, and → agent → a local HTTP service. */
@ExtendWith(VertxExtension.class)
class EdgeToAgentTest {

  private Agent agent;
  private Edge edge;
  private WebClient http1;
  private WebClient http2;

  @BeforeEach
  void start(Vertx vertx) throws Exception {
    // Stands in for a local service behind the agent: echoes the headers and body it received.
    int echoPort = EchoOrigin.start(vertx);
    String db = TestPostgres.newDatabase();
    agent =
        TestAgents.start(db, "- path: /stats/*\n  url: http://127.0.0.1:%d".formatted(echoPort));
    TestAgents.seedConstants(db);
    edge = TestEdges.start(agent.port());
    http1 = TestEdges.client(vertx, HttpVersion.HTTP_1_1);
    http2 = TestEdges.client(vertx, HttpVersion.HTTP_2);
  }

  @AfterEach
  void stop() {
    edge.close();
    agent.close();
  }

  @Test
  void statusComesFromPostgresThroughTlsEdgeAndAgent() {
    for (WebClient client : new WebClient[] {http1, http2}) {
      HttpResponse<Buffer> response =
          result(client.get(edge.httpsPort(), "localhost", "/api/server/status").send());

      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.bodyAsJsonObject().getDouble("server_status")).isEqualTo(1.0);
      assertThat(response.bodyAsJsonObject().getDouble("client_status")).isEqualTo(256.0);
      assertThat(response.bodyAsJsonObject().getJsonObject("rates").getDouble("exp"))
          .isEqualTo(5.0);
    }
  }

  @Test
  void http2IsNegotiatedByAlpn() {
    HttpResponse<Buffer> response =
        result(http2.get(edge.httpsPort(), "localhost", "/api/server/status").send());

    assertThat(response.version()).isEqualTo(HttpVersion.HTTP_2);
  }

  @Test
  void agentSeesTheSocketAddressNotAForgedForwardedFor() {
    HttpResponse<Buffer> response =
        result(
            http1
                .get(edge.httpsPort(), "localhost", "/stats/who")
                .putHeader("X-Forwarded-For", "203.0.113.66")
                .putHeader("X-Request-Id", "req-123")
                .send());

    JsonObject seen = EchoOrigin.seen(response);
    assertThat(seen.getString("x-forwarded-for")).isEqualTo("127.0.0.1");
    assertThat(seen.getString("x-forwarded-proto")).isEqualTo("https");
    assertThat(seen.getString("x-request-id")).isEqualTo("req-123");
    assertThat(response.getHeader("X-Request-Id")).isEqualTo("req-123");
  }

  @Test
  void invalidRequestIdIsReplacedAndEchoed() {
    HttpResponse<Buffer> response =
        result(
            http1
                .get(edge.httpsPort(), "localhost", "/stats/who")
                .putHeader("X-Request-Id", "bad id with spaces")
                .send());

    String echoed = response.getHeader("X-Request-Id");
    assertThat(echoed).matches("[0-9a-f-]{36}");
    assertThat(EchoOrigin.seen(response).getString("x-request-id")).isEqualTo(echoed);
  }

  @Test
  void largeBodyIsStreamedIntactThroughEdgeAndAgent() {
    byte[] payload = new byte[4 * 1024 * 1024];
    new Random(11).nextBytes(payload);

    for (WebClient client : new WebClient[] {http1, http2}) {
      HttpResponse<Buffer> response =
          result(
              client
                  .post(edge.httpsPort(), "localhost", "/stats/upload")
                  .sendBuffer(Buffer.buffer(payload)));

      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.body().getBytes()).isEqualTo(payload);
    }
  }

  @Test
  void unknownRouteAnswers404JsonAtTheEdge() {
    HttpResponse<Buffer> response =
        result(http1.get(edge.httpsPort(), "localhost", "/admin").send());

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(response.bodyAsJsonObject().getString("error")).isEqualTo("not_found");
  }

  @Test
  void wrongMethodAnswers405Json() {
    HttpResponse<Buffer> response =
        result(http1.delete(edge.httpsPort(), "localhost", "/api/server/status").send());

    assertThat(response.statusCode()).isEqualTo(405);
    assertThat(response.bodyAsJsonObject().getString("error")).isEqualTo("method_not_allowed");
  }
}
