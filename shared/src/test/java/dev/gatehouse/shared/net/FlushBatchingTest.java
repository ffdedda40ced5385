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
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.net.impl.ConnectionBase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A write made outside a read of its connection, as a proxy makes most of its writes: with the
 * batching it is still waiting to be sent when the task that made it ends, and arrives whole right
 * after; without, Vert.x sends it at once.
 */
class FlushBatchingTest {

  private static final String ANSWER = "{\"server_status\":1.0}";

  private Vertx vertx;
  private HttpClient client;

  @BeforeEach
  void start() {
    vertx = Runtimes.vertx();
    client = vertx.createHttpClient();
  }

  @AfterEach
  void stop() {
    Runtimes.close(vertx, "the test's Vert.x");
  }

  @Test
  void aServersAnswerWrittenOutsideAReadIsSentWhenTheTaskEnds() {
    Promise<Long> heldAtTheEnd = Promise.promise();
    int port = serve(FlushBatching::install, heldAtTheEnd);

    String body = result(get(port).compose(HttpClientResponse::body)).toString();

    assertThat(result(heldAtTheEnd.future())).isGreaterThan((long) ANSWER.length());
    assertThat(body).isEqualTo(ANSWER);
  }

  @Test
  void withoutItTheSameAnswerLeavesAtOnce() {
    Promise<Long> heldAtTheEnd = Promise.promise();
    int port = serve(connection -> {}, heldAtTheEnd);

    String body = result(get(port).compose(HttpClientResponse::body)).toString();

    assertThat(result(heldAtTheEnd.future())).isZero();
    assertThat(body).isEqualTo(ANSWER);
  }

  @Test
  void aClientsRequestIsSentWhenTheTaskEnds() {
    int port = serve(connection -> {}, Promise.promise());
    HttpClient batching =
        vertx.httpClientBuilder().withConnectHandler(FlushBatching::install).build();
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
    assertThat(result(answer).toString()).isEqualTo(ANSWER);
  }

  /**
   * A server that answers each request in a task of its own, outside the read that brought the
   * request, and tells {@code heldAtTheEnd} how many bytes were still unsent when that task ended.
   */
  private int serve(Handler<HttpConnection> connections, Promise<Long> heldAtTheEnd) {
    HttpServer server =
        vertx
            .createHttpServer()
            .connectionHandler(connections)
            .requestHandler(
                request ->
                    vertx.runOnContext(
                        task -> {
                          request.response().end(ANSWER);
                          heldAtTheEnd.tryComplete(pending(request.connection()));
                        }));
    return result(server.listen(0, "127.0.0.1")).actualPort();
  }

  private Future<HttpClientResponse> get(int port) {
    return client
        .request(HttpMethod.GET, port, "127.0.0.1", "/status")
        .compose(request -> request.send());
  }

  /** The bytes written to {@code connection} and not yet handed to its socket. */
  private static long pending(HttpConnection connection) {
    ChannelOutboundBuffer buffer =
        ((ConnectionBase) connection).channelHandlerContext().channel().unsafe().outboundBuffer();
    return buffer == null ? 0 : buffer.totalPendingWriteBytes();
  }
}
