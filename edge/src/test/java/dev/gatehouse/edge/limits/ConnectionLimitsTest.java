package dev.gatehouse.edge.limits;

import static dev.gatehouse.shared.testing.Await.result;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.edge.Edge;
import dev.gatehouse.edge.config.EdgeConfig;
import dev.gatehouse.edge.testing.CountingOrigin;
import dev.gatehouse.edge.testing.TestEdges;
import dev.gatehouse.shared.testing.Await;
import dev.gatehouse.shared.testing.TestYaml;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Connection-level limits, driven over raw TLS sockets as a slow or greedy client would. */
@ExtendWith(VertxExtension.class)
class ConnectionLimitsTest {

  private Edge edge;
  private NetClient net;

  @BeforeEach
  void start(Vertx vertx) throws Exception {
    CountingOrigin origin = new CountingOrigin(vertx);
    String yaml =
        TestEdges.yaml(TestEdges.freePort(), -1, origin.port(), "")
            + "limits: {header_timeout: 500ms, idle_timeout: 30s, max_connections_per_ip: 3}\n";
    edge = Edge.start(EdgeConfig.from(TestYaml.parse(yaml)));
    net =
        vertx.createNetClient(
            new NetClientOptions()
                .setSsl(true)
                .setTrustOptions(
                    new PemTrustOptions().addCertPath(TestEdges.CERTIFICATE.certificatePath()))
                .setHostnameVerificationAlgorithm("HTTPS"));
  }

  @AfterEach
  void stop() {
    edge.close();
  }

  @Test
  void slowHeaderSenderIsDisconnectedAtTheDeadline(Vertx vertx) throws Exception {
    NetSocket socket = result(net.connect(edge.httpsPort(), "localhost"));
    Promise<Long> closed = Promise.promise();
    long opened = System.nanoTime();
    socket.closeHandler(v -> closed.tryComplete(System.nanoTime()));
    socket.write("GET /api/server/status HTTP/1.1\r\nHost: localhost\r\n");
    // A header line every 100 ms keeps the connection busy, never finishing the headers.
    long trickle = vertx.setPeriodic(100, id -> socket.write("X-Slow: still-typing\r\n"));

    long closedAt = result(closed.future().timeout(5, TimeUnit.SECONDS));
    vertx.cancelTimer(trickle);

    assertThat((closedAt - opened) / 1_000_000).isBetween(400L, 3_000L);
  }

  @Test
  void keptAliveConnectionIsNotCutByTheFirstRequestsDeadline() throws Exception {
    NetSocket socket = result(net.connect(edge.httpsPort(), "localhost"));
    Buffer received = Buffer.buffer();
    socket.handler(received::appendBuffer);
    String request = "GET /api/server/status HTTP/1.1\r\nHost: localhost\r\n\r\n";

    socket.write(request);
    Thread.sleep(1_000);
    socket.write(request);
    Thread.sleep(500);

    assertThat(received.toString().split("HTTP/1.1 200", -1)).hasSize(3);
  }

  @Test
  void connectionsBeyondThePerIpLimitAreClosedAtOnce() throws Exception {
    // One request answered and its connection closed first: in a fresh JVM the first handshake and
    // request can take longer than the 500 ms header deadline set here for the slow-header test.
    NetSocket first = result(net.connect(edge.httpsPort(), "localhost"));
    Buffer firstAnswer = Buffer.buffer();
    first.handler(firstAnswer::appendBuffer);
    first.write("GET /api/server/status HTTP/1.1\r\nHost: localhost\r\n\r\n");
    Await.eventually(Duration.ofSeconds(10), () -> firstAnswer.length() > 0);
    result(first.close());
    Thread.sleep(200);

    List<NetSocket> sockets = new ArrayList<>();
    List<Boolean> closed = new ArrayList<>();
    List<Buffer> answers = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      NetSocket socket = result(net.connect(edge.httpsPort(), "localhost"));
      int index = i;
      closed.add(false);
      answers.add(Buffer.buffer());
      socket.closeHandler(v -> closed.set(index, true));
      socket.handler(answers.get(index)::appendBuffer);
      // A finished request makes each connection an idle kept-alive one, which the short header
      // deadline does not cut, however slowly this machine opens the next.
      socket.write("GET /api/server/status HTTP/1.1\r\nHost: localhost\r\n\r\n");
      sockets.add(socket);
    }
    Await.eventually(
        Duration.ofSeconds(5),
        () -> closed.get(3) && answers.subList(0, 3).stream().allMatch(a -> a.length() > 0));
    Thread.sleep(300);

    assertThat(closed).containsExactly(false, false, false, true);
    assertThat(answers.subList(0, 3))
        .allSatisfy(answer -> assertThat(answer.toString()).startsWith("HTTP/1.1 200"));
    assertThat(answers.get(3).length()).isZero();

    result(sockets.get(0).close());
    Thread.sleep(200);
    NetSocket again = result(net.connect(edge.httpsPort(), "localhost"));
    Buffer received = Buffer.buffer();
    again.handler(received::appendBuffer);
    again.write("GET /api/server/status HTTP/1.1\r\nHost: localhost\r\n\r\n");
    Thread.sleep(500);
    assertThat(received.toString()).startsWith("HTTP/1.1 200");
  }
}
