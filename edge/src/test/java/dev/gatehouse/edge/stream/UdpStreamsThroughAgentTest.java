package dev.gatehouse.edge.stream;

import static dev.gatehouse.shared.testing.Await.result;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.agent.Agent;
import dev.gatehouse.agent.testing.TestAgents;
import dev.gatehouse.agent.testing.TestPostgres;
import dev.gatehouse.edge.Edge;
import dev.gatehouse.edge.testing.AccessLog;
import dev.gatehouse.edge.testing.Scrape;
import dev.gatehouse.edge.testing.TestEdges;
import dev.gatehouse.shared.trust.SharedSecret;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.datagram.DatagramSocket;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.net.DatagramPacket;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Real UDP clients → edge UDP port → agent stream port → a local UDP target, on loopback. */
@ExtendWith(VertxExtension.class)
class UdpStreamsThroughAgentTest {

  @TempDir Path dir;

  private final List<AutoCloseable> running = new ArrayList<>();
  private Edge edge;
  private final CompletableFuture<Buffer> captured = new CompletableFuture<>();

  @BeforeEach
  void start(Vertx vertx) throws Exception {
    Path secretFile =
        Files.writeString(dir.resolve("agent-secret"), SharedSecret.generate().encoded());
    DatagramSocket echo = vertx.createDatagramSocket();
    echo.handler(p -> echo.send(p.data(), p.sender().port(), p.sender().hostAddress()));
    int echoPort = result(echo.listen(0, "127.0.0.1")).localAddress().port();
    DatagramSocket capture = vertx.createDatagramSocket();
    capture.handler(
        p -> {
          captured.complete(p.data());
          capture.send("pong", p.sender().port(), p.sender().hostAddress());
        });
    int capturePort = result(capture.listen(0, "127.0.0.1")).localAddress().port();
    int streamPort = TestEdges.freePort();
    Agent agent =
        TestAgents.start(
            """
            listen: {host: 127.0.0.1, port: 0}
            database: {url: %s, pool_size: 2}
            routes:
              - path: /api/server/status
                backend: status
            trust: {edge_secret_file: %s}
            stream_listen: {port: %d}
            streams:
              echo: {target: "127.0.0.1:%d", protocol: udp}
              proxied: {target: "127.0.0.1:%d", protocol: udp, proxy_protocol: v2}
              tcp_only: {target: "127.0.0.1:%d"}
            """
                .formatted(
                    TestPostgres.newDatabase(),
                    secretFile,
                    streamPort,
                    echoPort,
                    capturePort,
                    echoPort));
    running.add(agent);
    String stream =
        """
          - name: %s
            protocol: udp
            listen: {host: 127.0.0.1, port: 0}
            upstream: agents
            target: %s
            agent_port: %d
            idle_timeout: %s
            max_connections_per_ip: %d
            max_sessions: %d
            new_connections_per_second: 1000
        """;
    edge =
        TestEdges.start(
            """
            bans: {threshold: 1, never_ban: []}
            agent_assertion: {secret_file: %s}
            api_keys:
              - {name: website, sha256: "%s"}
            upstreams:
              agents: {targets: ["127.0.0.1:%d"]}
            routes:
              - path: /api/register
                methods: [POST]
                upstream: agents
                api_key: required
            streams:
            """
                    .formatted(secretFile, "ab".repeat(32), agent.port())
                + stream.formatted("echo", "echo", streamPort, "10s", 100, 100)
                + stream.formatted("two_sessions", "echo", streamPort, "10s", 100, 2)
                + stream.formatted("two_per_ip", "echo", streamPort, "10s", 2, 100)
                + stream.formatted("short_idle", "echo", streamPort, "300ms", 100, 1)
                + stream.formatted("proxied", "proxied", streamPort, "10s", 100, 100)
                + stream.formatted("wrong_protocol", "tcp_only", streamPort, "10s", 100, 100));
    running.add(edge);
  }

  @AfterEach
  void stop() throws Exception {
    for (int i = running.size() - 1; i >= 0; i--) {
      running.get(i).close();
    }
  }

  @Test
  void tenClientsEachGetOnlyTheirOwnHundredReplies() throws Exception {
    int port = edge.streamPorts().get(0);
    ExecutorService threads = Executors.newFixedThreadPool(10);
    try {
      List<Future<Set<String>>> clients = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        String name = "client-" + i + "-";
        clients.add(threads.submit(() -> hundredPings(port, name)));
      }
      for (int i = 0; i < 10; i++) {
        Set<String> replies = clients.get(i).get(60, TimeUnit.SECONDS);
        Set<String> expected = new HashSet<>();
        for (int n = 0; n < 100; n++) {
          expected.add("client-" + i + "-" + n);
        }
        assertThat(replies).isEqualTo(expected);
      }
    } finally {
      threads.shutdownNow();
    }
  }

  @Test
  void aBannedClientsDatagramsGetNothingEvenInARunningSession(Vertx vertx) throws Exception {
    try (Client client = new Client(edge.streamPorts().get(0))) {
      assertThat(client.ask("before")).isEqualTo("before");

      int status =
          result(
                  TestEdges.client(vertx, HttpVersion.HTTP_1_1)
                      .post(edge.httpsPort(), "localhost", "/api/register")
                      .putHeader("X-API-Key", "wrong")
                      .sendJsonObject(new JsonObject()))
              .statusCode();
      assertThat(status).isEqualTo(403);

      assertThat(client.ask("after")).isNull();
    }
    try (Client fresh = new Client(edge.streamPorts().get(0))) {
      assertThat(fresh.ask("new")).isNull();
    }
  }

  @Test
  void theSessionLimitHolds() throws Exception {
    assertOnlyTwoSessions(edge.streamPorts().get(1));
  }

  @Test
  void thePerIpSessionLimitHolds() throws Exception {
    assertOnlyTwoSessions(edge.streamPorts().get(2));
  }

  @Test
  void anIdleSessionEndsAndFreesItsPlace() throws Exception {
    int port = edge.streamPorts().get(3);
    try (AccessLog log = AccessLog.capture();
        Client first = new Client(port);
        Client second = new Client(port)) {
      assertThat(first.ask("one")).isEqualTo("one");
      assertThat(second.ask("two")).isNull();

      JsonObject line = null;
      for (int i = 0; i < 100 && line == null; i++) {
        line =
            log.lines(1).stream()
                .filter(l -> "idle".equals(l.getString("ended")))
                .findFirst()
                .orElse(null);
      }

      assertThat(line).isNotNull();
      assertThat(second.askAgain("two")).isEqualTo("two");
      assertThat(line.getString("stream")).isEqualTo("short_idle");
      assertThat(line.getLong("bytes_in")).isEqualTo(3);
      assertThat(line.getLong("bytes_out")).isEqualTo(3);
    }
  }

  @Test
  void eachDatagramReachesTheTargetAfterAProxyV2DgramHeader() throws Exception {
    try (Client client = new Client(edge.streamPorts().get(4))) {
      assertThat(client.ask("hello")).isEqualTo("pong");
      Buffer datagram = captured.get(10, TimeUnit.SECONDS);

      assertThat(datagram.getBytes(0, 12))
          .isEqualTo(new byte[] {13, 10, 13, 10, 0, 13, 10, 81, 85, 73, 84, 10});
      assertThat(datagram.getByte(12)).isEqualTo((byte) 0x21);
      assertThat(datagram.getByte(13)).isEqualTo((byte) 0x12);
      assertThat(datagram.getUnsignedShort(14)).isEqualTo(12);
      assertThat(InetAddress.getByAddress(datagram.getBytes(16, 20)).getHostAddress())
          .isEqualTo("127.0.0.1");
      assertThat(datagram.getUnsignedShort(24)).isEqualTo(client.localPort());
      assertThat(datagram.getString(28, datagram.length())).isEqualTo("hello");
    }
  }

  @Test
  void theAgentRefusesAUdpSessionToATcpTarget() throws Exception {
    try (AccessLog log = AccessLog.capture();
        Client client = new Client(edge.streamPorts().get(5))) {
      assertThat(client.ask("hello")).isNull();

      assertThat(log.lines(1))
          .anyMatch(l -> "target refused: protocol_mismatch".equals(l.getString("ended")));
    }
  }

  @Test
  void sessionsBytesAndDropsAreInTheMetricsByStreamName(Vertx vertx) throws Exception {
    int port = edge.streamPorts().get(1);
    try (Client a = new Client(port);
        Client b = new Client(port);
        Client c = new Client(port)) {
      assertThat(a.askAgain("aaaa")).isEqualTo("aaaa");
      assertThat(b.askAgain("bb")).isEqualTo("bb");
      assertThat(c.ask("c")).isNull();

      Scrape scrape = Scrape.of(WebClient.create(vertx), edge.adminPort());
      Map<String, String> stream = Map.of("stream", "two_sessions", "protocol", "udp");
      assertThat(scrape.value("gatehouse_edge_stream_opened_total", stream)).isEqualTo(2);
      assertThat(scrape.value("gatehouse_edge_stream_active", stream)).isEqualTo(2);
      // At least "aaaa" and "bb"; more if a datagram had to be asked again.
      double in =
          scrape.value(
              "gatehouse_edge_stream_bytes_total",
              Map.of("stream", "two_sessions", "direction", "in"));
      assertThat(in).isGreaterThanOrEqualTo(6);
      assertThat(
              scrape.value(
                  "gatehouse_edge_stream_bytes_total",
                  Map.of("stream", "two_sessions", "direction", "out")))
          .isEqualTo(in);
      assertThat(
              scrape.value(
                  "gatehouse_edge_stream_datagrams_dropped_total",
                  Map.of("stream", "two_sessions", "reason", "session_limit")))
          .isEqualTo(1);
      assertThat(scrape.series("gatehouse_edge_stream")).noneMatch(s -> s.contains("127.0.0.1"));
    }
  }

  private static void assertOnlyTwoSessions(int port) throws Exception {
    try (Client a = new Client(port);
        Client b = new Client(port);
        Client c = new Client(port)) {
      assertThat(a.askAgain("a")).isEqualTo("a");
      assertThat(b.askAgain("b")).isEqualTo("b");
      assertThat(c.ask("c")).isNull();
      assertThat(a.askAgain("a again")).isEqualTo("a again");
    }
  }

  /** Sends 100 numbered datagrams one after another; every reply seen. */
  private static Set<String> hundredPings(int port, String name) throws Exception {
    Set<String> replies = new HashSet<>();
    try (Client client = new Client(port)) {
      for (int n = 0; n < 100; n++) {
        String reply = client.askAgain(name + n);
        if (reply != null) {
          replies.add(reply);
        }
        while ((reply = client.poll()) != null) {
          replies.add(reply);
        }
      }
    }
    return replies;
  }

  /** A UDP client socket on loopback; answers are awaited for at most a second. */
  private static final class Client implements AutoCloseable {
    private final java.net.DatagramSocket socket;
    private final int port;

    Client(int port) throws Exception {
      this.socket = new java.net.DatagramSocket(0, InetAddress.getLoopbackAddress());
      this.port = port;
    }

    int localPort() {
      return socket.getLocalPort();
    }

    /** The reply to {@code text}, or null when none came within a second. */
    String ask(String text) throws Exception {
      byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
      socket.send(new DatagramPacket(bytes, bytes.length, InetAddress.getLoopbackAddress(), port));
      socket.setSoTimeout(1000);
      return receive();
    }

    /** The reply to {@code text}, asking up to five times: UDP may lose a datagram. */
    String askAgain(String text) throws Exception {
      String reply = null;
      for (int attempt = 0; attempt < 5 && reply == null; attempt++) {
        reply = ask(text);
      }
      return reply;
    }

    /** A reply already waiting, or null. */
    String poll() throws Exception {
      socket.setSoTimeout(1);
      return receive();
    }

    private String receive() throws Exception {
      byte[] buffer = new byte[2048];
      DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
      try {
        socket.receive(packet);
        return new String(buffer, 0, packet.getLength(), StandardCharsets.UTF_8);
      } catch (SocketTimeoutException e) {
        return null;
      }
    }

    @Override
    public void close() {
      socket.close();
    }
  }
}
