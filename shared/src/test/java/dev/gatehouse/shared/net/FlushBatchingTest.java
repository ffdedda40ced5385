package dev.gatehouse.shared.net;

import static dev.gatehouse.shared.testing.Await.result;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.shared.cli.Runtimes;
import io.netty.channel.ChannelOutboundBuffer;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.net.SelfSignedCertificate;
import io.vertx.core.net.impl.ConnectionBase;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A write made outside a read of its connection, as a proxy makes most of its writes: with the
 * batching it is still waiting to be sent when the task that made it ends, and arrives right after
 * (within a bound far below any timeout of the edge); without, Vert.x sends it at once.
 */
class FlushBatchingTest {

  private static final String ANSWER = "{\"server_status\":1.0}";
  private static final Duration RIGHT_AFTER = Duration.ofSeconds(2);

  private final SelfSignedCertificate certificate = SelfSignedCertificate.create("localhost");
  private final List<HttpClient> clients = new ArrayList<>();
  private Vertx vertx;

  @BeforeEach
  void start() {
    vertx = Runtimes.vertx();
  }

  @AfterEach
  void stop() {
    Runtimes.close(vertx, "the test's Vert.x");
  }

  @Test
  void aServersAnswerWrittenOutsideAReadIsSentWhenTheTaskEnds() {
    Promise<Long> heldAtTheEnd = Promise.promise();
    int port = serve(new HttpServerOptions(), FlushBatching::install, heldAtTheEnd);

    Future<Buffer> answer = get(new HttpClientOptions(), port);

    assertThat(result(heldAtTheEnd.future())).isGreaterThan((long) ANSWER.length());
    assertThat(rightAfter(answer)).isEqualTo(ANSWER);
  }

  @Test
  void withoutItTheSameAnswerLeavesAtOnce() {
    Promise<Long> heldAtTheEnd = Promise.promise();
    int port = serve(new HttpServerOptions(), connection -> {}, heldAtTheEnd);

    Future<Buffer> answer = get(new HttpClientOptions(), port);

    assertThat(result(heldAtTheEnd.future())).isZero();
    assertThat(rightAfter(answer)).isEqualTo(ANSWER);
  }

  @Test
  void overTlsTheAnswerIsHeldBelowTheEncryptionAndArrivesWhole() {
    Promise<Long> heldAtTheEnd = Promise.promise();
    int port = serve(tls(), FlushBatching::install, heldAtTheEnd);

    Future<Buffer> answer = get(trusting(), port);

    // Encrypted: the record is longer than the answer it carries.
    assertThat(result(heldAtTheEnd.future())).isGreaterThan((long) ANSWER.length());
    assertThat(rightAfter(answer)).isEqualTo(ANSWER);
  }

  @Test
  void overTlsAndHttp2TheAnswerArrivesWhole() {
    int port = serve(tls().setUseAlpn(true), FlushBatching::install, Promise.promise());

    Future<Buffer> answer =
        get(trusting().setUseAlpn(true).setProtocolVersion(HttpVersion.HTTP_2), port);

    assertThat(rightAfter(answer)).isEqualTo(ANSWER);
  }

  @Test
  void aClientsRequestIsSentWhenTheTaskEnds() {
    int port = serve(new HttpServerOptions(), connection -> {}, Promise.promise());
    HttpClient batching =
        vertx.httpClientBuilder().withConnectHandler(FlushBatching::install).build();
    clients.add(batching);
    Promise<Long> heldAtTheEnd = Promise.promise();

    Future<Buffer> answer =
        batching
            .request(HttpMethod.GET, port, "127.0.0.1", "/status")
            .compose(
                request -> {
                  Future<HttpClientResponse> response = request.send();
                  heldAtTheEnd.complete(pending(request.connection()));
                  return response;
                })
            .compose(HttpClientResponse::body);

    assertThat(result(heldAtTheEnd.future())).isPositive();
    assertThat(rightAfter(answer)).isEqualTo(ANSWER);
  }

  /**
   * A server that answers each request in a task of its own, outside the read that brought the
   * request, and tells {@code heldAtTheEnd} how many bytes were still unsent when that task ended.
   */
  private int serve(
      HttpServerOptions options, Handler<HttpConnection> connections, Promise<Long> heldAtTheEnd) {
    return result(
            vertx
                .createHttpServer(options)
                .connectionHandler(connections)
                .requestHandler(
                    request ->
                        vertx.runOnContext(
                            task -> {
                              request.response().end(ANSWER);
                              heldAtTheEnd.tryComplete(pending(request.connection()));
                            }))
                .listen(0, "127.0.0.1"))
        .actualPort();
  }

  private HttpServerOptions tls() {
    return new HttpServerOptions().setSsl(true).setKeyCertOptions(certificate.keyCertOptions());
  }

  private HttpClientOptions trusting() {
    return new HttpClientOptions().setSsl(true).setTrustOptions(certificate.trustOptions());
  }

  private Future<Buffer> get(HttpClientOptions options, int port) {
    // Held by the test: Vert.x closes a client nothing refers to any more.
    HttpClient client = vertx.createHttpClient(options);
    clients.add(client);
    return client
        .request(HttpMethod.GET, port, "localhost", "/status")
        .compose(request -> request.send())
        .compose(HttpClientResponse::body);
  }

  private static String rightAfter(Future<Buffer> answer) {
    try {
      return Runtimes.await(answer, RIGHT_AFTER).toString();
    } catch (Exception e) {
      throw new AssertionError("no answer within " + RIGHT_AFTER.toMillis() + " ms: " + e, e);
    }
  }

  /** The bytes written to {@code connection} and not yet handed to its socket. */
  private static long pending(HttpConnection connection) {
    ChannelOutboundBuffer buffer =
        ((ConnectionBase) connection).channelHandlerContext().channel().unsafe().outboundBuffer();
    return buffer == null ? 0 : buffer.totalPendingWriteBytes();
  }
}
