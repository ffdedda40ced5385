package dev.gatehouse.edge.proxy;

import static dev.gatehouse.shared.testing.Await.result;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.gatehouse.agent.Agent;
import dev.gatehouse.agent.testing.TestAgents;
import dev.gatehouse.agent.testing.TestPostgres;
import dev.gatehouse.edge.Edge;
import dev.gatehouse.edge.testing.AccessLog;
import dev.gatehouse.edge.testing.TestEdges;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;

@ExtendWith(VertxExtension.class)
class UpstreamFailureTest {

  @Test
  void stoppedAgentAnswers503JsonWithoutWaitingForATimeout(Vertx vertx) throws Exception {
    String db = TestPostgres.newDatabase();
    Agent agent = TestAgents.start(db, "");
    TestAgents.seedConstants(db);
    WebClient client = TestEdges.client(vertx, HttpVersion.HTTP_1_1);
    try (Edge edge = TestEdges.start(agent.port(), "response_timeout: 30s")) {
      assertThat(
              result(client.get(edge.httpsPort(), "localhost", "/api/server/status").send())
                  .statusCode())
          .isEqualTo(200);

      agent.close();
      long started = System.nanoTime();
      HttpResponse<Buffer> response =
          result(client.get(edge.httpsPort(), "localhost", "/api/server/status").send());
      long tookMillis = (System.nanoTime() - started) / 1_000_000;

      assertThat(response.statusCode()).isEqualTo(503);
      assertThat(response.getHeader("Content-Type")).isEqualTo("application/json");
      assertThat(response.getHeader("Retry-After")).isEqualTo("5");
      assertThat(response.bodyAsJsonObject())
          .isEqualTo(
              new JsonObject()
                  .put("ok", false)
                  .put("error", "upstream_unavailable")
                  .put("message", "No agent is reachable right now."));
      // A refused connection is known at once; far below the 30 s response timeout.
      assertThat(tookMillis).isLessThan(5_000);
    }
  }

  @Test
  void anAgents503WithoutRetryAfterGetsOneAndItsOwnIsKept(Vertx vertx) throws Exception {
    int origin =
        TestEdges.origin(
            vertx,
            request -> {
              if (request.path().equals("/health")) {
                request.response().end();
              } else if (request.query() != null) {
                request.response().setStatusCode(503).putHeader("Retry-After", "30").end("busy");
              } else {
                request.response().setStatusCode(503).end("down for maintenance");
              }
            });
    WebClient client = TestEdges.client(vertx, HttpVersion.HTTP_1_1);
    try (Edge edge = TestEdges.start(origin)) {
      HttpResponse<Buffer> bare =
          result(client.get(edge.httpsPort(), "localhost", "/api/server/status").send());
      HttpResponse<Buffer> own =
          result(client.get(edge.httpsPort(), "localhost", "/api/server/status?own").send());

      assertThat(bare.statusCode()).isEqualTo(503);
      assertThat(bare.getHeader("Retry-After")).isEqualTo("5");
      assertThat(bare.bodyAsString()).isEqualTo("down for maintenance");
      assertThat(own.statusCode()).isEqualTo(503);
      assertThat(own.getHeader("Retry-After")).isEqualTo("30");
    }
  }

  @Test
  void silentAgentAnswers504Json(Vertx vertx) throws Exception {
    // An agent that accepts the connection and the request but never answers.
    int silentPort =
        result(vertx.createHttpServer().requestHandler(request -> {}).listen(0, "127.0.0.1"))
            .actualPort();
    WebClient client = TestEdges.client(vertx, HttpVersion.HTTP_1_1);
    ListAppender<ILoggingEvent> edgeLog = new ListAppender<>();
    edgeLog.start();
    Logger forwarder = (Logger) LoggerFactory.getLogger(Forwarder.class);
    forwarder.addAppender(edgeLog);
    try (Edge edge = TestEdges.start(silentPort, "response_timeout: 300ms");
        AccessLog log = AccessLog.capture()) {
      HttpResponse<Buffer> response =
          result(
              client
                  .get(edge.httpsPort(), "localhost", "/api/server/status?session=s3cr3t-t0ken")
                  .send());

      assertThat(response.statusCode()).isEqualTo(504);
      assertThat(response.bodyAsJsonObject().getString("error")).isEqualTo("upstream_timeout");
      assertThat(response.getHeader("X-Request-Id")).isNotBlank();
      assertThat(log.lines(1).get(0).getString("rejected_by")).isEqualTo("upstream_timeout");
      // The edge's own line names the request by its id, and leaves the query out as access lines
      // do: a query may carry a client's token.
      assertThat(edgeLog.list)
          .anySatisfy(
              e ->
                  assertThat(e.getFormattedMessage())
                      .contains("/api/server/status")
                      .contains(response.getHeader("X-Request-Id")));
      assertThat(edgeLog.list)
          .allSatisfy(e -> assertThat(e.getFormattedMessage()).doesNotContain("s3cr3t-t0ken"));
    } finally {
      forwarder.detachAppender(edgeLog);
    }
  }

  @Test
  void agentDroppingTheConnectionAnswers502JsonAndIsLogged(Vertx vertx) throws Exception {
    int droppingPort =
        result(
                vertx
                    .createHttpServer()
                    .requestHandler(request -> request.connection().close())
                    .listen(0, "127.0.0.1"))
            .actualPort();
    assertStatusAnswers502JsonAndIsLogged(vertx, droppingPort);
  }

  @Test
  void agentBreakingOffASmallBodyAnswers502JsonInsteadOfACutResponse(Vertx vertx) throws Exception {
    assertStatusAnswers502JsonAndIsLogged(vertx, breakingOff(vertx, 100, 10));
  }

  @Test
  void agentBreakingOffAStreamedBodyCutsTheClientsResponseShort(Vertx vertx) throws Exception {
    int agentPort = breakingOff(vertx, 200_000, 50_000);
    HttpClient client = vertx.createHttpClient(TestEdges.clientOptions(HttpVersion.HTTP_1_1));
    try (Edge edge = TestEdges.start(agentPort)) {
      AtomicReference<HttpClientResponse> head = new AtomicReference<>();
      Future<Buffer> body =
          client
              .request(HttpMethod.GET, edge.httpsPort(), "localhost", "/api/server/status")
              .compose(HttpClientRequest::send)
              .compose(
                  response -> {
                    head.set(response);
                    return response.body();
                  });

      // The head went out before the body broke off: the client sees its length unmet.
      assertThatThrownBy(() -> result(body)).hasMessageStartingWith("future failed");
      assertThat(head.get().statusCode()).isEqualTo(200);
      assertThat(head.get().getHeader("Content-Length")).isEqualTo("200000");
    }
  }

  /** The status route through an edge in front of {@code agentPort}: a logged 502 JSON answer. */
  private static void assertStatusAnswers502JsonAndIsLogged(Vertx vertx, int agentPort)
      throws Exception {
    WebClient client = TestEdges.client(vertx, HttpVersion.HTTP_1_1);
    try (Edge edge = TestEdges.start(agentPort);
        AccessLog log = AccessLog.capture()) {
      HttpResponse<Buffer> response =
          result(client.get(edge.httpsPort(), "localhost", "/api/server/status").send());

      assertThat(response.statusCode()).isEqualTo(502);
      assertThat(response.getHeader("Content-Type")).startsWith("application/json");
      assertThat(response.bodyAsJsonObject().getString("error")).isEqualTo("upstream_unavailable");
      assertThat(log.lines(1).get(0).getString("rejected_by")).isEqualTo("upstream_unavailable");
    }
  }

  /** An agent that declares a body of {@code declared} bytes, sends {@code sent}, and hangs up. */
  private static int breakingOff(Vertx vertx, int declared, int sent) {
    return TestEdges.origin(
        vertx,
        request ->
            request
                .response()
                .putHeader("Content-Type", "application/json")
                .putHeader("Content-Length", String.valueOf(declared))
                .write(Buffer.buffer("x".repeat(sent)))
                .onComplete(written -> request.connection().close()));
  }
}
