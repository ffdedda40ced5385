package dev.gatehouse.edge.cache;

import static dev.gatehouse.shared.testing.Await.result;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.agent.Agent;
import dev.gatehouse.agent.game.mock.MockBehaviour;
import dev.gatehouse.agent.game.mock.MockGameServer;
import dev.gatehouse.agent.testing.Registrations;
import dev.gatehouse.agent.testing.TestAgents;
import dev.gatehouse.agent.testing.TestPostgres;
import dev.gatehouse.edge.Edge;
import dev.gatehouse.edge.testing.AccessLog;
import dev.gatehouse.edge.testing.CountingOrigin;
import dev.gatehouse.edge.testing.TestEdges;
import dev.gatehouse.shared.testing.TestYaml;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.junit5.VertxExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The edge's micro-cache on the status route, against a counting origin and real agents. */
@ExtendWith(VertxExtension.class)
class MicroCacheTest {

  @Test
  void thousandConcurrentRequestsOnAColdCacheMakeOneUpstreamRequest(Vertx vertx) throws Exception {
    CountingOrigin origin = new CountingOrigin(vertx, 2000);
    try (Edge edge = startEdge(origin.port(), "ttl: 1m, stale_if_error: 10m")) {
      WebClient client =
          WebClient.create(
              vertx,
              new WebClientOptions(TestEdges.clientOptions(HttpVersion.HTTP_1_1)),
              new PoolOptions().setHttp1MaxSize(1000));
      List<Future<HttpResponse<Buffer>>> sent = new ArrayList<>();
      for (int i = 0; i < 1000; i++) {
        sent.add(client.get(edge.httpsPort(), "localhost", "/api/server/status").send());
      }
      List<HttpResponse<Buffer>> responses = sent.stream().map(f -> result(f)).toList();

      assertThat(origin.requests()).isEqualTo(1);
      assertThat(responses).allSatisfy(r -> assertThat(r.statusCode()).isEqualTo(200));
      assertThat(responses)
          .allSatisfy(r -> assertThat(r.bodyAsString()).isEqualTo("{\"ok\":true}"));
      assertThat(responses).filteredOn(r -> "MISS".equals(r.getHeader("X-Cache"))).hasSize(1);
      assertThat(responses).filteredOn(r -> "HIT".equals(r.getHeader("X-Cache"))).hasSize(999);
    }
  }

  @Test
  void freshHitsNeverLeaveTheEdgeAndHeadIsAnsweredFromTheCache(Vertx vertx) throws Exception {
    CountingOrigin origin = new CountingOrigin(vertx);
    try (Edge edge = startEdge(origin.port(), "ttl: 1m, stale_if_error: 10m")) {
      WebClient client = TestEdges.client(vertx, HttpVersion.HTTP_2);
      HttpResponse<Buffer> first =
          result(client.get(edge.httpsPort(), "localhost", "/api/server/status").send());
      HttpResponse<Buffer> second =
          result(client.get(edge.httpsPort(), "localhost", "/api/server/status").send());
      HttpResponse<Buffer> head =
          result(client.head(edge.httpsPort(), "localhost", "/api/server/status").send());

      assertThat(first.getHeader("X-Cache")).isEqualTo("MISS");
      assertThat(second.getHeader("X-Cache")).isEqualTo("HIT");
      assertThat(second.getHeader("Age")).isEqualTo("0");
      assertThat(second.getHeader("Content-Type")).isEqualTo("application/json");
      assertThat(second.bodyAsString()).isEqualTo(first.bodyAsString());
      assertThat(head.getHeader("X-Cache")).isEqualTo("HIT");
      assertThat(origin.requests()).isEqualTo(1);

      // On HTTP/1.1 too, a HEAD from the cache names the length of the body it does not send.
      HttpResponse<Buffer> head11 =
          result(
              TestEdges.client(vertx, HttpVersion.HTTP_1_1)
                  .head(edge.httpsPort(), "localhost", "/api/server/status")
                  .send());
      assertThat(head11.getHeader("X-Cache")).isEqualTo("HIT");
      assertThat(head11.getHeader("Content-Length"))
          .isEqualTo(String.valueOf(first.body().length()));
      assertThat(head11.body()).isNull();
    }
  }

  @Test
  void withEveryAgentDownTheLastGoodStatusIsServedStaleAndRegisterFailsAtOnce(Vertx vertx)
      throws Exception {
    String db = TestPostgres.newDatabase();
    MockGameServer game = new MockGameServer(vertx, MockBehaviour.NORMAL);
    int gamePort = result(game.listen("127.0.0.1", 0));
    int agentPort = TestEdges.freePort();
    Agent agent = startAgent(db, agentPort, gamePort);
    TestAgents.seedConstants(db);
    try (Edge edge = startEdge(agentPort, "ttl: 200ms, stale_if_error: 10m")) {
      WebClient client = TestEdges.client(vertx, HttpVersion.HTTP_1_1);
      JsonObject good = status(client, edge).bodyAsJsonObject();
      assertThat(good.getDouble("server_status")).isEqualTo(1.0);

      agent.close();
      Thread.sleep(300);
      HttpResponse<Buffer> stale = status(client, edge);
      long started = System.nanoTime();
      HttpResponse<Buffer> register =
          result(
              client
                  .post(edge.httpsPort(), "localhost", "/api/register")
                  .sendJsonObject(Registrations.body("while_down", "password1", 0, 1)));
      long registerMillis = (System.nanoTime() - started) / 1_000_000;

      assertThat(stale.statusCode()).isEqualTo(200);
      assertThat(stale.getHeader("X-Cache")).isEqualTo("STALE");
      assertThat(stale.getHeader("Warning")).isEqualTo("111 - \"Revalidation Failed\"");
      assertThat(Long.parseLong(stale.getHeader("Age"))).isGreaterThanOrEqualTo(0);
      assertThat(stale.bodyAsJsonObject()).isEqualTo(good);
      assertThat(register.statusCode()).isEqualTo(503);
      assertThat(register.bodyAsJsonObject().getString("error")).isEqualTo("upstream_unavailable");
      assertThat(registerMillis).isLessThan(1000);

      TestPostgres.execute(
          db, "UPDATE server_constants SET value = 0.0 WHERE name = 'server_status'");
      agent = startAgent(db, agentPort, gamePort);
      long deadline = System.nanoTime() + 5_000_000_000L;
      HttpResponse<Buffer> fresh = status(client, edge);
      while (!"MISS".equals(fresh.getHeader("X-Cache")) && System.nanoTime() < deadline) {
        Thread.sleep(100);
        fresh = status(client, edge);
      }
      assertThat(fresh.getHeader("X-Cache")).isEqualTo("MISS");
      assertThat(fresh.bodyAsJsonObject().getDouble("server_status")).isEqualTo(0.0);
    } finally {
      agent.close();
    }
  }

  private static HttpResponse<Buffer> status(WebClient client, Edge edge) {
    return result(client.get(edge.httpsPort(), "localhost", "/api/server/status").send());
  }

  private static Agent startAgent(String db, int port, int gamePort) throws Exception {
    return Agent.start(
        dev.gatehouse.agent.AgentConfig.from(
            TestYaml.parse(TestAgents.registeringYaml(db, port, gamePort, ""))));
  }

  @Test
  void answersTooLargeToKeepAreFetchedByEachWaiterItself(Vertx vertx) throws Exception {
    CountingOrigin origin = new CountingOrigin(vertx, 500);
    try (Edge edge = startEdge(origin.port(), "ttl: 1m, max_body: 4, stale_if_error: 10m")) {
      WebClient client = TestEdges.client(vertx, HttpVersion.HTTP_2);
      List<Future<HttpResponse<Buffer>>> sent = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        sent.add(client.get(edge.httpsPort(), "localhost", "/api/server/status").send());
      }

      assertThat(sent)
          .allSatisfy(f -> assertThat(result(f).bodyAsString()).isEqualTo("{\"ok\":true}"));
      assertThat(origin.requests()).isEqualTo(10);
    }
  }

  @Test
  void aStaleAnswerStandsInNoLongerThanStaleIfErrorHoweverOftenItIsServed(Vertx vertx)
      throws Exception {
    AtomicBoolean failing = new AtomicBoolean();
    int origin =
        TestEdges.origin(
            vertx,
            request -> {
              if (failing.get() && !request.path().equals("/health")) {
                request.response().setStatusCode(502).end();
              } else {
                request
                    .response()
                    .putHeader("Content-Type", "application/json")
                    .end("{\"ok\":true}");
              }
            });
    try (Edge edge = startEdge(origin, "ttl: 300ms, stale_if_error: 1s")) {
      WebClient client = TestEdges.client(vertx, HttpVersion.HTTP_1_1);
      assertThat(status(client, edge).getHeader("X-Cache")).isEqualTo("MISS");
      failing.set(true);
      long stored = System.nanoTime();

      // Asked every 100 ms: each stale answer served must not keep the entry alive.
      List<String> markers = new ArrayList<>();
      while (System.nanoTime() - stored < 2_500_000_000L) {
        HttpResponse<Buffer> answer = status(client, edge);
        markers.add(answer.statusCode() + " " + answer.getHeader("X-Cache"));
        Thread.sleep(100);
      }

      assertThat(markers).contains("200 STALE");
      assertThat(markers.get(markers.size() - 1)).isEqualTo("502 MISS");
      assertThat(markers.subList(markers.lastIndexOf("200 STALE") + 1, markers.size()))
          .hasSizeGreaterThan(5)
          .allMatch(marker -> marker.equals("502 MISS"));
    }
  }

  @Test
  void anAnswerWhoseBodyBrokeOffIsNeverKept(Vertx vertx) throws Exception {
    AtomicInteger asked = new AtomicInteger();
    int port =
        TestEdges.origin(
            vertx,
            request -> {
              if (!request.path().equals("/api/server/status")) {
                request.response().end(); // the edge's health checks
              } else if (asked.incrementAndGet() == 1) {
                request
                    .response()
                    .putHeader("Content-Type", "application/json")
                    .putHeader("Content-Length", "11")
                    .write("{\"ok\"")
                    .onComplete(written -> request.connection().close());
              } else {
                request
                    .response()
                    .putHeader("Content-Type", "application/json")
                    .end("{\"ok\":true}");
              }
            });
    try (Edge edge = startEdge(port, "ttl: 1m, stale_if_error: 10m")) {
      WebClient client = TestEdges.client(vertx, HttpVersion.HTTP_1_1);
      HttpResponse<Buffer> broken =
          result(client.get(edge.httpsPort(), "localhost", "/api/server/status").send());
      HttpResponse<Buffer> whole =
          result(client.get(edge.httpsPort(), "localhost", "/api/server/status").send());

      assertThat(broken.statusCode()).isEqualTo(502);
      assertThat(whole.statusCode()).isEqualTo(200);
      assertThat(whole.getHeader("X-Cache")).isEqualTo("MISS");
      assertThat(whole.bodyAsString()).isEqualTo("{\"ok\":true}");
      assertThat(asked.get()).isEqualTo(2);
    }
  }

  @Test
  void aNotFoundIsRelayedAndNeverReplacedByTheLastGoodAnswer(Vertx vertx) throws Exception {
    AtomicBoolean gone = new AtomicBoolean();
    int origin =
        TestEdges.origin(
            vertx,
            request -> {
              if (gone.get() && !request.path().equals("/health")) {
                json(request, 404, "{\"found\":false}");
              } else {
                json(request, 200, "{\"ok\":true}");
              }
            });
    try (Edge edge = startEdge(origin, "ttl: 200ms, stale_if_error: 10m")) {
      WebClient client = TestEdges.client(vertx, HttpVersion.HTTP_1_1);
      assertThat(status(client, edge).getHeader("X-Cache")).isEqualTo("MISS");
      gone.set(true);
      Thread.sleep(300);

      HttpResponse<Buffer> answer = status(client, edge);

      assertThat(answer.statusCode()).isEqualTo(404);
      assertThat(answer.getHeader("X-Cache")).isEqualTo("MISS");
      assertThat(answer.getHeader("Warning")).isNull();
      assertThat(answer.bodyAsString()).isEqualTo("{\"found\":false}");
    }
  }

  @Test
  void aNotModifiedGoesOnlyToTheRequestThatAskedForIt(Vertx vertx) throws Exception {
    AtomicInteger asked = new AtomicInteger();
    int origin =
        slowOrigin(
            vertx,
            asked,
            request -> {
              request.response().putHeader("ETag", "\"v1\"");
              if ("\"v1\"".equals(request.getHeader("If-None-Match"))) {
                request.response().setStatusCode(304).end();
              } else {
                json(request, 200, "{\"ok\":true}");
              }
            });
    try (Edge edge = startEdge(origin, "ttl: 1m, stale_if_error: 10m")) {
      WebClient client = TestEdges.client(vertx, HttpVersion.HTTP_1_1);
      Future<HttpResponse<Buffer>> conditional =
          client
              .get(edge.httpsPort(), "localhost", "/api/server/status")
              .putHeader("If-None-Match", "\"v1\"")
              .send();
      awaitAtLeast(asked, 1);
      List<Future<HttpResponse<Buffer>>> waiters = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        waiters.add(client.get(edge.httpsPort(), "localhost", "/api/server/status").send());
      }

      assertThat(result(conditional).statusCode()).isEqualTo(304);
      assertThat(waiters)
          .allSatisfy(
              f -> {
                assertThat(result(f).statusCode()).isEqualTo(200);
                assertThat(result(f).bodyAsString()).isEqualTo("{\"ok\":true}");
              });
    }
  }

  @Test
  void waitersGetTheAgentsErrorWithItsRetryAfterAndCacheControl(Vertx vertx) throws Exception {
    AtomicInteger asked = new AtomicInteger();
    int origin =
        slowOrigin(
            vertx,
            asked,
            request -> {
              request
                  .response()
                  .putHeader("Retry-After", "7")
                  .putHeader("Cache-Control", "no-store");
              json(request, 503, "{\"ok\":false}");
            });
    try (Edge edge = startEdge(origin, "ttl: 1m, stale_if_error: 10m")) {
      List<HttpResponse<Buffer>> answers = leaderAndThreeWaiters(vertx, edge, asked);

      assertThat(asked.get()).isEqualTo(1);
      assertThat(answers)
          .allSatisfy(
              answer -> {
                assertThat(answer.statusCode()).isEqualTo(503);
                assertThat(answer.getHeader("Retry-After")).isEqualTo("7");
                assertThat(answer.getHeader("Cache-Control")).isEqualTo("no-store");
                assertThat(answer.getHeader("Content-Type")).isEqualTo("application/json");
                assertThat(answer.bodyAsString()).isEqualTo("{\"ok\":false}");
              });
    }
  }

  @Test
  void waitersGetTheEdgesOwnErrorWholeAndLoggedAsRejected(Vertx vertx) throws Exception {
    AtomicInteger asked = new AtomicInteger();
    int origin = slowOrigin(vertx, asked, request -> {}); // never answered
    try (Edge edge = startEdge(origin, "ttl: 1m, stale_if_error: 10m", "response_timeout: 1s");
        AccessLog log = AccessLog.capture()) {
      List<HttpResponse<Buffer>> answers = leaderAndThreeWaiters(vertx, edge, asked);

      assertThat(asked.get()).isEqualTo(1);
      assertThat(answers)
          .allSatisfy(
              answer -> {
                assertThat(answer.statusCode()).isEqualTo(504);
                assertThat(answer.getHeader("Cache-Control")).isEqualTo("no-store");
                assertThat(answer.bodyAsJsonObject().getString("error"))
                    .isEqualTo("upstream_timeout");
              });
      assertThat(log.lines(4))
          .hasSize(4)
          .allSatisfy(
              line -> assertThat(line.getString("rejected_by")).isEqualTo("upstream_timeout"));
    }
  }

  /** One request that reaches the origin, then three more while it waits for the answer. */
  private static List<HttpResponse<Buffer>> leaderAndThreeWaiters(
      Vertx vertx, Edge edge, AtomicInteger asked) throws InterruptedException {
    WebClient client = TestEdges.client(vertx, HttpVersion.HTTP_1_1);
    List<Future<HttpResponse<Buffer>>> sent = new ArrayList<>();
    sent.add(client.get(edge.httpsPort(), "localhost", "/api/server/status").send());
    awaitAtLeast(asked, 1);
    for (int i = 0; i < 3; i++) {
      sent.add(client.get(edge.httpsPort(), "localhost", "/api/server/status").send());
    }
    return sent.stream().map(f -> result(f)).toList();
  }

  /**
   * An origin that answers the edge's health checks at once and every other request, counted in
   * {@code asked}, 500 ms late with {@code answer}: long enough for more requests to join.
   */
  private static int slowOrigin(
      Vertx vertx, AtomicInteger asked, Handler<HttpServerRequest> answer) {
    return TestEdges.origin(
        vertx,
        request -> {
          if (request.path().equals("/health")) {
            request.response().end();
            return;
          }
          asked.incrementAndGet();
          vertx.setTimer(500, fired -> answer.handle(request));
        });
  }

  private static void awaitAtLeast(AtomicInteger count, int wanted) throws InterruptedException {
    for (int i = 0; i < 200 && count.get() < wanted; i++) {
      Thread.sleep(10);
    }
    assertThat(count.get()).isGreaterThanOrEqualTo(wanted);
  }

  private static void json(HttpServerRequest request, int status, String body) {
    request
        .response()
        .setStatusCode(status)
        .putHeader("Content-Type", "application/json")
        .end(body);
  }

  private static Edge startEdge(int upstreamPort, String cache) throws Exception {
    return startEdge(upstreamPort, cache, "connect_timeout: 2s");
  }

  private static Edge startEdge(int upstreamPort, String cache, String upstreamOption)
      throws Exception {
    String yaml =
        """
        bans: {enabled: false}
        # The same burst on a busy machine may take longer than the default 10 s to finish its
        # handshakes; this test is about the cache, not the handshake deadline.
        limits: {max_connections_per_ip: 2000, header_timeout: 60s}
        upstreams:
          agent:
            targets: ["127.0.0.1:%d"]
            %s
            # A burst of 1,000 TLS handshakes keeps two cores busy for seconds: checks must be patient.
            health_check: {interval: 200ms, timeout: 5s, unhealthy_threshold: 3}
        routes:
          - path: /api/server/status
            methods: [GET, HEAD]
            upstream: agent
            cache: {%s}
          - path: /api/register
            methods: [POST]
            upstream: agent
        """
            .formatted(upstreamPort, upstreamOption, cache);
    return TestEdges.start(yaml);
  }
}
