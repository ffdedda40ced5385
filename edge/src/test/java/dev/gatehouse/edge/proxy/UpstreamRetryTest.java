package dev.gatehouse.edge.proxy;

import static dev.gatehouse.shared.testing.Await.result;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.edge.Edge;
import dev.gatehouse.edge.testing.TestEdges;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * An agent that breaks the connection of a GET it has read, before its answer's head is whole: the
 * GET is answered by the other agent, whichever way the break shows.
 */
@ExtendWith(VertxExtension.class)
class UpstreamRetryTest {

  private final AtomicInteger broken = new AtomicInteger();

  @Test
  void getIsAnsweredByTheOtherAgentWhenTheFirstClosesAfterReadingIt(Vertx vertx) throws Exception {
    assertEveryGetAnsweredByTheOtherAgent(vertx, breaking(vertx, false, NetSocket::close));
  }

  @Test
  void getIsAnsweredByTheOtherAgentWhenTheFirstResetsAfterReadingIt(Vertx vertx) throws Exception {
    assertEveryGetAnsweredByTheOtherAgent(vertx, breaking(vertx, true, NetSocket::close));
  }

  @Test
  void getIsAnsweredByTheOtherAgentWhenTheFirstClosesInTheMiddleOfItsHead(Vertx vertx)
      throws Exception {
    Consumer<NetSocket> halfHead =
        socket -> socket.write("HTTP/1.1 200 OK\r\nContent-Len").onComplete(v -> socket.close());
    assertEveryGetAnsweredByTheOtherAgent(vertx, breaking(vertx, false, halfHead));
  }

  private void assertEveryGetAnsweredByTheOtherAgent(Vertx vertx, int breakingPort)
      throws Exception {
    int healthyPort = TestEdges.origin(vertx, request -> request.response().end("from the other"));
    String yaml =
        """
        bans: {enabled: false}
        upstreams:
          agents:
            targets: ["127.0.0.1:%d", "127.0.0.1:%d"]
            ejection: {max_failures: 1000}
        routes:
          - path: /stats/*
            upstream: agents
        """
            .formatted(breakingPort, healthyPort);
    WebClient client = TestEdges.client(vertx, HttpVersion.HTTP_1_1);
    try (Edge edge = TestEdges.start(yaml)) {
      List<Future<HttpResponse<Buffer>>> sent = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        sent.add(client.get(edge.httpsPort(), "localhost", "/stats/x").send());
      }

      for (Future<HttpResponse<Buffer>> response : sent) {
        assertThat(result(response).statusCode()).isEqualTo(200);
        assertThat(result(response).bodyAsString()).isEqualTo("from the other");
      }
      // Round-robin sent about half of them to the breaking agent first.
      assertThat(broken.get()).isPositive();
    }
  }

  /**
   * An agent on loopback that reads a request's head and then does {@code onHead} to its
   * connection; {@code reset} closes with a TCP reset rather than a FIN.
   */
  private int breaking(Vertx vertx, boolean reset, Consumer<NetSocket> onHead) {
    NetServerOptions options = new NetServerOptions().setSoLinger(reset ? 0 : -1);
    return result(
            vertx
                .createNetServer(options)
                .connectHandler(
                    socket -> {
                      Buffer read = Buffer.buffer();
                      socket.handler(
                          chunk -> {
                            read.appendBuffer(chunk);
                            if (read.toString().contains("\r\n\r\n")) {
                              socket.handler(null);
                              // Health checks are broken too, but only forwarded GETs count.
                              if (read.toString().startsWith("GET /stats/")) {
                                broken.incrementAndGet();
                              }
                              onHead.accept(socket);
                            }
                          });
                    })
                .listen(0, "127.0.0.1"))
        .actualPort();
  }
}
