package dev.gatehouse.edge.proxy;

import static dev.gatehouse.shared.testing.Await.result;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.edge.Edge;
import dev.gatehouse.edge.testing.TestEdges;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.junit5.VertxExtension;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The edge's connections to an agent: kept alive from one request to the next, never more than
 * {@code max_connections}, and never reused where a byte of one exchange could be taken for part of
 * the next.
 */
@ExtendWith(VertxExtension.class)
class AgentConnectionsTest {

  private static final String STATUS = "/api/server/status";
  private static final String HEAD_PATH = "/api/server/head";

  @Test
  void requestsOneAfterAnotherShareOneConnection(Vertx vertx) throws Exception {
    Set<HttpConnection> used = ConcurrentHashMap.newKeySet();
    int agent =
        origin(
            vertx,
            request -> {
              used.add(request.connection());
              request.response().end("status " + request.getHeader("X-Request-Id").length());
            });
    WebClient client = TestEdges.client(vertx, HttpVersion.HTTP_1_1);
    try (Edge edge = TestEdges.start(edgeYaml(agent, ""))) {
      for (int i = 0; i < 5; i++) {
        HttpResponse<Buffer> answer = get(client, edge);
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.bodyAsString()).startsWith("status ");
      }
      assertThat(used).hasSize(1);
    }
  }

  @Test
  void anAgentThatAsksToCloseGetsANewConnectionForTheNextRequest(Vertx vertx) throws Exception {
    // It says close but leaves its end open, as a server may for a while: only the header tells.
    Set<NetSocket> used = ConcurrentHashMap.newKeySet();
    AtomicInteger served = new AtomicInteger();
    int agent =
        rawAgent(
            vertx,
            (socket, bytes) -> {
              used.add(socket);
              socket.write(
                  "HTTP/1.1 200 OK\r\nconnection: close\r\ncontent-length: 8\r\n\r\nanswer "
                      + served.incrementAndGet());
            });
    WebClient client = TestEdges.client(vertx, HttpVersion.HTTP_1_1);
    try (Edge edge = TestEdges.start(edgeYaml(agent, ""))) {
      for (int i = 1; i <= 3; i++) {
        HttpResponse<Buffer> answer = get(client, edge);
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.bodyAsString()).isEqualTo("answer " + i);
        assertThat(answer.getHeader("Connection")).isNull();
      }
      assertThat(used).hasSize(3);
    }
  }

  @Test
  void anAnswerBeforeTheRequestsBodyEndedIsTheLastOnItsConnection(Vertx vertx) throws Exception {
    // The agent answers a POST on its head and reads no more: the rest of the body, more than the
    // sockets hold, was never sent, so the connection cannot carry another request; and the
    // client's upload, held up while the agent's socket was full, is read to its end.
    List<String> heads = new ArrayList<>();
    Set<NetSocket> answered = ConcurrentHashMap.newKeySet();
    int agent =
        rawAgent(
            vertx,
            (socket, bytes) -> {
              String text = bytes.toString("ISO-8859-1");
              // A GET on any connection; on a POST's, its head only: what follows is its body.
              if (text.startsWith("GET ") || answered.add(socket)) {
                synchronized (heads) {
                  heads.add(text.substring(0, text.indexOf("\r\n")));
                }
                String early = "HTTP/1.1 200 OK\r\ncontent-length: 5\r\n\r\nearly";
                if (text.startsWith("GET ")) {
                  socket.write(early);
                } else {
                  // Reads nothing more, and answers once the edge has had to stop sending.
                  socket.pause();
                  vertx.setTimer(500, id -> socket.write(early));
                }
              }
            });
    WebClient client = TestEdges.client(vertx, HttpVersion.HTTP_1_1);
    try (Edge edge = TestEdges.start(edgeYaml(agent, ""))) {
      // The uploader's own client, one connection, so that its next request follows the upload.
      WebClient uploader =
          WebClient.create(
              vertx,
              new WebClientOptions(TestEdges.clientOptions(HttpVersion.HTTP_1_1)),
              new PoolOptions().setHttp1MaxSize(1));
      HttpResponse<Buffer> posted =
          result(
              uploader
                  .post(edge.httpsPort(), "localhost", "/stats/upload")
                  .sendBuffer(Buffer.buffer(new byte[16 * 1024 * 1024])));
      assertThat(posted.statusCode()).isEqualTo(200);
      assertThat(posted.bodyAsString()).isEqualTo("early");
      // The rest of the upload is read and dropped, not held: the uploader's connection goes on.
      assertThat(result(uploader.get(edge.httpsPort(), "localhost", STATUS).send()).bodyAsString())
          .isEqualTo("early");

      HttpResponse<Buffer> next = get(client, edge);
      assertThat(next.statusCode()).isEqualTo(200);
      assertThat(next.bodyAsString()).isEqualTo("early");
      synchronized (heads) {
        assertThat(heads)
            .containsExactly(
                "POST /stats/upload HTTP/1.1",
                "GET " + STATUS + " HTTP/1.1",
                "GET " + STATUS + " HTTP/1.1");
      }
    }
  }

  @Test
  void anInterimAnswerIsNotTheAnswer(Vertx vertx) throws Exception {
    HttpResponse<Buffer> answer =
        relayed(
            vertx,
            "HTTP/1.1 100 Continue\r\n\r\n" + "HTTP/1.1 200 OK\r\ncontent-length: 5\r\n\r\nfinal");

    assertThat(answer.statusCode()).isEqualTo(200);
    assertThat(answer.bodyAsString()).isEqualTo("final");
  }

  @Test
  void anAnswerNoRequestAskedForIsNeverTakenForTheNextOnesAnswer(Vertx vertx) throws Exception {
    // Two answers to each request, in one write: the second must not reach the request that waits
    // for this connection, the only one the edge may open.
    int agent =
        rawAgent(
            vertx,
            (socket, bytes) ->
                vertx.setTimer(
                    200,
                    id ->
                        socket.write(
                            "HTTP/1.1 200 OK\r\ncontent-length: 6\r\n\r\nasked."
                                + "HTTP/1.1 200 OK\r\ncontent-length: 6\r\n\r\nunsent")));
    WebClient client = TestEdges.client(vertx, HttpVersion.HTTP_2);
    try (Edge edge = TestEdges.start(edgeYaml(agent, "max_connections: 1"))) {
      assertThat(atOnce(client, edge, 3))
          .allSatisfy(answer -> assertThat(answer.bodyAsString()).isEqualTo("asked."));
    }
  }

  @Test
  void moreRequestsThanConnectionsWaitForOneAndAllAreAnswered(Vertx vertx) throws Exception {
    AtomicInteger open = new AtomicInteger();
    AtomicInteger most = new AtomicInteger();
    int agent =
        result(
                vertx
                    .createHttpServer()
                    .connectionHandler(
                        connection -> {
                          most.accumulateAndGet(open.incrementAndGet(), Math::max);
                          connection.closeHandler(closed -> open.decrementAndGet());
                        })
                    .requestHandler(
                        request -> vertx.setTimer(200, id -> request.response().end("slow answer")))
                    .listen(0, "127.0.0.1"))
            .actualPort();
    WebClient client = TestEdges.client(vertx, HttpVersion.HTTP_2);
    try (Edge edge = TestEdges.start(edgeYaml(agent, "max_connections: 2"))) {
      assertThat(atOnce(client, edge, 8))
          .allSatisfy(answer -> assertThat(answer.bodyAsString()).isEqualTo("slow answer"));
      // One event loop: its two connections, and the health checks' own.
      assertThat(most.get()).isLessThanOrEqualTo(3);
    }
  }

  @Test
  void aRequestWaitingForAConnectionBusyForTheWholeResponseTimeoutGetsATimeout(Vertx vertx)
      throws Exception {
    // The one connection carries an answer that trickles for over twice the response timeout:
    // never silent, so it goes on; the request behind it gives up after the response timeout, and
    // that says nothing against the agent, whose circuit one failure would open.
    Promise<Void> slowStarted = Promise.promise();
    int agent =
        origin(
            vertx,
            request -> {
              if (request.getHeader("X-Slow") == null) {
                request.response().end("quick");
                return;
              }
              request.response().setChunked(true).write("start");
              slowStarted.tryComplete();
              AtomicInteger sent = new AtomicInteger();
              vertx.setPeriodic(
                  200,
                  id -> {
                    if (sent.incrementAndGet() < 25) {
                      request.response().write(".");
                    } else {
                      vertx.cancelTimer(id);
                      request.response().end("end");
                    }
                  });
            });
    WebClient client = TestEdges.client(vertx, HttpVersion.HTTP_2);
    String upstream =
        """
        max_connections: 1
            response_timeout: 2s
            ejection: {max_failures: 1, base_time: 30s}
            health_check: {interval: 5m}""";
    try (Edge edge = TestEdges.start(edgeYaml(agent, upstream))) {
      Future<HttpResponse<Buffer>> slow =
          client.get(edge.httpsPort(), "localhost", STATUS).putHeader("X-Slow", "yes").send();
      result(slowStarted.future());
      long start = System.nanoTime();
      HttpResponse<Buffer> waited = get(client, edge);
      long waitedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      assertThat(waited.statusCode()).isEqualTo(504);
      assertThat(waited.bodyAsJsonObject().getString("error")).isEqualTo("upstream_timeout");
      assertThat(waitedMillis).isBetween(1_800L, 4_500L);
      assertThat(result(slow).bodyAsString()).startsWith("start.").endsWith(".end");
      assertThat(get(client, edge).bodyAsString()).isEqualTo("quick");
    }
  }

  @Test
  void requestsBeyondTheWaitingBoundAreRefusedAndTheOthersAnswered(Vertx vertx) throws Exception {
    // The one connection holds its request; the next MAX_WAITING wait for it, and one more is
    // refused at once instead of joining a queue without end.
    Promise<Void> firstHeld = Promise.promise();
    Promise<Void> release = Promise.promise();
    int agent =
        origin(
            vertx,
            request -> {
              firstHeld.tryComplete();
              release.future().onComplete(v -> request.response().end("held answer"));
            });
    WebClient client =
        WebClient.create(
            vertx,
            new WebClientOptions(TestEdges.clientOptions(HttpVersion.HTTP_2)),
            new PoolOptions().setHttp2MaxSize(16));
    String upstream =
        """
        max_connections: 1
            response_timeout: 60s
            health_check: {interval: 5m}""";
    try (Edge edge = TestEdges.start(edgeYaml(agent, upstream))) {
      Future<HttpResponse<Buffer>> first = client.get(edge.httpsPort(), "localhost", STATUS).send();
      result(firstHeld.future());
      List<Future<HttpResponse<Buffer>>> behind = new ArrayList<>();
      for (int i = 0; i < AgentChannels.MAX_WAITING + 1; i++) {
        behind.add(client.get(edge.httpsPort(), "localhost", STATUS).send());
      }
      HttpResponse<Buffer> refused = result(Future.any(behind).map(v -> firstDone(behind)));
      assertThat(refused.statusCode()).isEqualTo(503);
      assertThat(refused.bodyAsJsonObject().getString("error")).isEqualTo("upstream_unavailable");

      release.complete();
      assertThat(result(first).bodyAsString()).isEqualTo("held answer");
      List<Integer> statuses = behind.stream().map(answer -> result(answer).statusCode()).toList();
      assertThat(statuses.stream().filter(status -> status == 200))
          .hasSize(AgentChannels.MAX_WAITING);
      assertThat(statuses.stream().filter(status -> status == 503)).hasSize(1);
    }
  }

  @Test
  void aConnectionThatCannotBeMadeFailsOnlyTheRequestThatAskedForIt(Vertx vertx) throws Exception {
    // The agent accepts its health check's connection and one for requests, then no more: its
    // accept queue is full, so the next connect times out while that one is open and busy. The
    // request that asked for the new connection gets 503; one that came meanwhile keeps waiting
    // for the open connection, and is answered on it.
    CountDownLatch held = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        StalledAgent agent = new StalledAgent(listener, held, release)) {
      WebClient client = TestEdges.client(vertx, HttpVersion.HTTP_2);
      String upstream =
          """
          max_connections: 2
              connect_timeout: 3s
              response_timeout: 30s
              health_check: {interval: 5m}""";
      try (Edge edge = TestEdges.start(edgeYaml(listener.getLocalPort(), upstream))) {
        Future<HttpResponse<Buffer>> first =
            client.get(edge.httpsPort(), "localhost", STATUS).send();
        assertThat(held.await(10, TimeUnit.SECONDS)).isTrue();
        agent.fillAcceptQueue();

        long start = System.nanoTime();
        Future<HttpResponse<Buffer>> connecting =
            client.get(edge.httpsPort(), "localhost", STATUS).send();
        result(Future.future(done -> vertx.setTimer(300, id -> done.complete())));
        Future<HttpResponse<Buffer>> waiting =
            client.get(edge.httpsPort(), "localhost", STATUS).send();

        HttpResponse<Buffer> refused = result(connecting);
        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(refused.bodyAsJsonObject().getString("error")).isEqualTo("upstream_unavailable");
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isGreaterThan(2_900);
        assertThat(waiting.isComplete()).isFalse();

        release.countDown();
        assertThat(result(first).bodyAsString()).isEqualTo("held answer");
        HttpResponse<Buffer> answered = result(waiting);
        assertThat(answered.statusCode()).isEqualTo(200);
        assertThat(answered.bodyAsString()).isEqualTo("held answer");
      }
    }
  }

  @Test
  void aConnectionTheAgentClosedWhileIdleIsNotUsedAgain(Vertx vertx) throws Exception {
    AtomicInteger served = new AtomicInteger();
    int agent =
        rawAgent(
            vertx,
            (socket, bytes) ->
                socket
                    .write(
                        "HTTP/1.1 200 OK\r\ncontent-length: 8\r\n\r\nanswer "
                            + served.incrementAndGet() % 10)
                    .onComplete(written -> vertx.setTimer(50, id -> socket.close())));
    WebClient client = TestEdges.client(vertx, HttpVersion.HTTP_1_1);
    try (Edge edge = TestEdges.start(edgeYaml(agent, ""))) {
      assertThat(get(client, edge).bodyAsString()).isEqualTo("answer 1");
      result(Future.future(done -> vertx.setTimer(300, id -> done.complete())));
      HttpResponse<Buffer> again = get(client, edge);
      assertThat(again.statusCode()).isEqualTo(200);
      assertThat(again.bodyAsString()).isEqualTo("answer 2");
    }
  }

  @Test
  void requestsWaitingForAConnectionLearnAtOnceThatNoneCanBeMade(Vertx vertx) throws Exception {
    int nobody = TestEdges.freePort();
    WebClient client = TestEdges.client(vertx, HttpVersion.HTTP_2);
    try (Edge edge =
        TestEdges.start(edgeYaml(nobody, "max_connections: 1\n    response_timeout: 60s"))) {
      long started = System.nanoTime();
      assertThat(atOnce(client, edge, 4))
          .allSatisfy(
              answer -> {
                assertThat(answer.statusCode()).isEqualTo(503);
                assertThat(answer.bodyAsJsonObject().getString("error"))
                    .isEqualTo("upstream_unavailable");
              });
      assertThat((System.nanoTime() - started) / 1_000_000).isLessThan(10_000);
    }
  }

  @Test
  void aClientReadingSlowlyIsNoSilenceOfTheAgents(Vertx vertx) throws Exception {
    // A body far larger than the sockets between hold, to a client that stops reading for longer
    // than the response timeout: the edge stops reading the agent meanwhile, and the answer still
    // arrives whole.
    int size = 16 * 1024 * 1024;
    int agent = origin(vertx, request -> request.response().end(Buffer.buffer(new byte[size])));
    HttpClient http = vertx.createHttpClient(TestEdges.clientOptions(HttpVersion.HTTP_1_1));
    try (Edge edge = TestEdges.start(edgeYaml(agent, "response_timeout: 1s"))) {
      HttpClientResponse response =
          result(
              http.request(HttpMethod.GET, edge.httpsPort(), "localhost", STATUS)
                  .compose(
                      request ->
                          request
                              .send()
                              .map(
                                  answer -> {
                                    answer.pause();
                                    return answer;
                                  })));
      assertThat(response.statusCode()).isEqualTo(200);
      result(Future.future(done -> vertx.setTimer(2_500, id -> done.complete())));
      Future<Buffer> body = response.body();
      response.resume();
      assertThat(result(body).length()).isEqualTo(size);
    }
  }

  @Test
  void aPartOfAnAnswerNoRequestAskedForClosesTheConnection(Vertx vertx) throws Exception {
    // The unasked answer begins in the read that ends the asked one, and its head ends a moment
    // later: on a connection handed on in between, the next request would take it for its own.
    int agent =
        rawAgent(
            vertx,
            (socket, bytes) -> {
              socket.write(
                  "HTTP/1.1 200 OK\r\ncontent-length: 6\r\n\r\nasked."
                      + "HTTP/1.1 200 OK\r\ncontent-le");
              vertx.setTimer(100, id -> socket.write("ngth: 6\r\n\r\nunsent"));
            });
    WebClient client = TestEdges.client(vertx, HttpVersion.HTTP_2);
    try (Edge edge = TestEdges.start(edgeYaml(agent, "max_connections: 1"))) {
      assertThat(atOnce(client, edge, 3))
          .allSatisfy(answer -> assertThat(answer.bodyAsString()).isEqualTo("asked."));
    }
  }

  @Test
  void theAnswerToAHeadHasNoBodyAfterAnInterimAnswerToo(Vertx vertx) throws Exception {
    int agent =
        rawAgent(
            vertx,
            (socket, bytes) ->
                socket.write(
                    "HTTP/1.1 103 Early Hints\r\nlink: </site.css>; rel=preload\r\n\r\n"
                        + "HTTP/1.1 200 OK\r\ncontent-length: 5\r\n\r\n"));
    WebClient client = TestEdges.client(vertx, HttpVersion.HTTP_1_1);
    try (Edge edge =
        TestEdges.start(edgeYaml(agent, "max_connections: 1\n    response_timeout: 2s"))) {
      for (int i = 0; i < 2; i++) {
        HttpResponse<Buffer> answer =
            result(client.head(edge.httpsPort(), "localhost", HEAD_PATH).send());
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.getHeader("content-length")).isEqualTo("5");
      }
    }
  }

  @Test
  void aClientThatTakesNoneOfTheAnswerGivesTheAgentsConnectionUp(Vertx vertx) throws Exception {
    // An HTTP/2 stream whose window the client never opens, on a connection it keeps busy with
    // other requests: the edge stops reading the agent for it, but not for longer than the
    // listener's idle timeout.
    Promise<Void> bigClosed = Promise.promise();
    int agent =
        origin(
            vertx,
            request -> {
              if (request.getHeader("X-Big") == null) {
                request.response().end("small");
                return;
              }
              request.connection().closeHandler(v -> bigClosed.tryComplete());
              request.response().end(Buffer.buffer(new byte[16 * 1024 * 1024]));
            });
    // The connection's window far wider than a stream's: the other requests still get through.
    HttpClient http =
        vertx.createHttpClient(
            TestEdges.clientOptions(HttpVersion.HTTP_2)
                .setHttp2ConnectionWindowSize(64 * 1024 * 1024));
    try (Edge edge = TestEdges.start(edgeYaml(agent, "") + "limits:\n  idle_timeout: 2s\n")) {
      HttpClientResponse stalled =
          result(
              http.request(HttpMethod.GET, edge.httpsPort(), "localhost", STATUS)
                  .compose(
                      request ->
                          request
                              .putHeader("X-Big", "yes")
                              .send()
                              .map(
                                  answer -> {
                                    answer.pause();
                                    return answer;
                                  })));
      assertThat(stalled.statusCode()).isEqualTo(200);
      long busy =
          vertx.setPeriodic(
              400,
              id ->
                  http.request(HttpMethod.GET, edge.httpsPort(), "localhost", STATUS)
                      .compose(request -> request.send().compose(HttpClientResponse::body)));
      try {
        result(bigClosed.future().timeout(8, TimeUnit.SECONDS));
        Buffer next =
            result(
                http.request(HttpMethod.GET, edge.httpsPort(), "localhost", STATUS)
                    .compose(request -> request.send().compose(HttpClientResponse::body)));
        assertThat(next.toString()).isEqualTo("small");
      } finally {
        vertx.cancelTimer(busy);
      }
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "HTTP/1.1 200 OK\r\ncontent-length: 5\r\ntransfer-encoding: chunked\r\n\r\n"
            + "5\r\nhello\r\n0\r\n\r\n",
        "HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\ncontent-length: 5\r\n\r\n"
            + "5\r\nhello\r\n0\r\n\r\n",
        "HTTP/1.1 200 OK\r\ntransfer-encoding: chunked, gzip\r\n\r\n5\r\nhello\r\n0\r\n\r\n",
        "HTTP/1.1 200 OK\r\ntransfer-encoding: gzip\r\n\r\nhello",
        "HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\ntransfer-encoding: chunked\r\n\r\n"
            + "5\r\nhello\r\n0\r\n\r\n",
        "HTTP/1.1 200 OK\r\ncontent-length: 5\r\ncontent-length: 6\r\n\r\nhello!",
        "HTTP/1.0 200 OK\r\ncontent-length: 9\r\ntransfer-encoding: chunked\r\n\r\n"
            + "5\r\nhello\r\n0\r\n\r\n",
        "HTTP/1.0 200 OK\r\ntransfer-encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n"
      })
  void anAnswerWhoseLengthCouldBeReadTwoWaysIs502AndItsConnectionIsNotUsedAgain(
      String answer, Vertx vertx) throws Exception {
    AtomicInteger asked = new AtomicInteger();
    int agent =
        rawAgent(
            vertx,
            (socket, bytes) ->
                socket.write(
                    asked.getAndIncrement() == 0
                        ? answer
                        : "HTTP/1.1 200 OK\r\ncontent-length: 4\r\n\r\ngood"));
    WebClient client = TestEdges.client(vertx, HttpVersion.HTTP_1_1);
    try (Edge edge = TestEdges.start(edgeYaml(agent, "max_connections: 1"))) {
      HttpResponse<Buffer> ambiguous = get(client, edge);
      HttpResponse<Buffer> next = get(client, edge);

      assertThat(ambiguous.statusCode()).isEqualTo(502);
      assertThat(ambiguous.bodyAsJsonObject().getString("error")).isEqualTo("upstream_unavailable");
      assertThat(next.statusCode()).isEqualTo(200);
      assertThat(next.bodyAsString()).isEqualTo("good");
    }
  }

  @Test
  void aChunkedAnswerInAnyCaseIsRelayed(Vertx vertx) throws Exception {
    HttpResponse<Buffer> answer =
        relayed(
            vertx,
            "HTTP/1.1 200 OK\r\ntransfer-encoding: Chunked\r\n\r\n" + "5\r\nhello\r\n0\r\n\r\n");

    assertThat(answer.statusCode()).isEqualTo(200);
    assertThat(answer.bodyAsString()).isEqualTo("hello");
  }

  /** {@code count} requests sent at once, and their answers. */
  private static List<HttpResponse<Buffer>> atOnce(WebClient client, Edge edge, int count) {
    List<Future<HttpResponse<Buffer>>> sent = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      sent.add(client.get(edge.httpsPort(), "localhost", STATUS).send());
    }
    return sent.stream().map(answer -> result(answer)).toList();
  }

  /** The answer of the first of {@code sent} to have one. */
  private static HttpResponse<Buffer> firstDone(List<Future<HttpResponse<Buffer>>> sent) {
    return sent.stream().filter(Future::isComplete).findFirst().orElseThrow().result();
  }

  /** What a client gets for one request that an agent answers with {@code rawAnswer}'s bytes. */
  private static HttpResponse<Buffer> relayed(Vertx vertx, String rawAnswer) throws Exception {
    int agent = rawAgent(vertx, (socket, bytes) -> socket.write(rawAnswer));
    try (Edge edge = TestEdges.start(edgeYaml(agent, ""))) {
      return get(TestEdges.client(vertx, HttpVersion.HTTP_1_1), edge);
    }
  }

  private static HttpResponse<Buffer> get(WebClient client, Edge edge) {
    return result(client.get(edge.httpsPort(), "localhost", STATUS).send());
  }

  /** One event loop, so that the requests of a test share one set of agent connections. */
  private static String edgeYaml(int agent, String upstreamExtra) {
    return """
        instances: 1
        upstreams:
          agent:
            targets: ["127.0.0.1:%d"]
            %s
        routes:
          - path: %s
            methods: [GET]
            upstream: agent
          - path: %s
            methods: [HEAD]
            upstream: agent
          - path: /stats/*
            methods: [POST]
            upstream: agent
            max_body: 32MiB
        """
        .formatted(agent, upstreamExtra, STATUS, HEAD_PATH);
  }

  /** An agent answering with {@code handler}, but for the edge's health checks, answered 200. */
  private static int origin(Vertx vertx, io.vertx.core.Handler<HttpServerRequest> handler) {
    return TestEdges.origin(
        vertx,
        request -> {
          if (request.path().equals("/health")) {
            request.response().end();
          } else {
            handler.handle(request);
          }
        });
  }

  /**
   * An agent that speaks HTTP by hand, to send what a well-behaved server would not: {@code
   * onBytes} gets what arrives on a connection, but for the edge's health checks, answered 200.
   */
  private static int rawAgent(Vertx vertx, BiConsumer<NetSocket, Buffer> onBytes) {
    // A small receive buffer: what the agent does not read stays with the edge, however far the
    // kernel would otherwise let a socket's buffer grow.
    return result(
            vertx
                .createNetServer(new NetServerOptions().setReceiveBufferSize(64 * 1024))
                .connectHandler(
                    socket ->
                        socket.handler(
                            bytes -> {
                              if (bytes.toString("ISO-8859-1").startsWith("GET /health ")) {
                                socket.write("HTTP/1.1 200 OK\r\ncontent-length: 0\r\n\r\n");
                              } else {
                                onBytes.accept(socket, bytes);
                              }
                            }))
                .listen(0, "127.0.0.1"))
        .actualPort();
  }

  /**
   * An agent on a plain blocking socket that accepts two connections (at start the health check's,
   * then one for requests) and then stops accepting. Health checks are answered at once; any other
   * request signals {@code held} and is answered once {@code release} opens.
   */
  private static final class StalledAgent implements AutoCloseable {

    private final ServerSocket listener;
    private final CountDownLatch release;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();

    StalledAgent(ServerSocket listener, CountDownLatch held, CountDownLatch release) {
      this.listener = listener;
      this.release = release;
      daemon(
          () -> {
            try {
              for (int accepted = 0; accepted < 2; accepted++) {
                Socket socket = listener.accept();
                sockets.add(socket);
                daemon(() -> serve(socket, held, release));
              }
            } catch (IOException closed) {
              // the test is over
            }
          });
    }

    private static void daemon(Runnable task) {
      Thread thread = new Thread(task);
      thread.setDaemon(true);
      thread.start();
    }

    /** Connects until the kernel's accept queue is full and takes no more. */
    void fillAcceptQueue() throws IOException {
      for (int i = 0; i < 4; i++) {
        Socket filler = new Socket();
        sockets.add(filler);
        try {
          filler.connect(listener.getLocalSocketAddress(), 300);
        } catch (SocketTimeoutException full) {
          return;
        }
      }
      throw new IllegalStateException("the accept queue did not fill up");
    }

    private static void serve(Socket socket, CountDownLatch held, CountDownLatch release) {
      try (socket) {
        BufferedReader in =
            new BufferedReader(
                new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
        OutputStream out = socket.getOutputStream();
        String requestLine;
        while ((requestLine = in.readLine()) != null) {
          String line;
          while ((line = in.readLine()) != null && !line.isEmpty()) {
            // the request's headers: none matters here
          }
          String body = "";
          if (!requestLine.startsWith("GET /health ")) {
            held.countDown();
            release.await();
            body = "held answer";
          }
          out.write(
              ("HTTP/1.1 200 OK\r\ncontent-length: " + body.length() + "\r\n\r\n" + body)
                  .getBytes(StandardCharsets.ISO_8859_1));
          out.flush();
        }
      } catch (IOException | InterruptedException gone) {
        // the edge closed the connection, or the test is over
      }
    }

    @Override
    public void close() throws IOException {
      release.countDown(); // a request still held is let go, whatever the test's outcome
      for (Socket socket : sockets) {
        socket.close();
      }
    }
  }
}
