package dev.gatehouse.edge.stream;

import static dev.gatehouse.shared.testing.Await.result;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.gatehouse.agent.Agent;
import dev.gatehouse.agent.testing.TestAgents;
import dev.gatehouse.agent.testing.TestPostgres;
import dev.gatehouse.edge.Edge;
import dev.gatehouse.edge.testing.Scrape;
import dev.gatehouse.edge.testing.TestEdges;
import dev.gatehouse.edge.trust.AssertionSigner;
import dev.gatehouse.shared.testing.Await;
import dev.gatehouse.shared.trust.SharedSecret;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetServer;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.CRC32;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Real TCP clients → edge stream port → agent stream port → a local target, on loopback. */
@ExtendWith(VertxExtension.class)
class StreamsThroughAgentTest {

  private static final int MIB = 1024 * 1024;

  @TempDir Path dir;

  private final List<AutoCloseable> running = new ArrayList<>();
  private SharedSecret secret;
  private Path secretFile;
  private String database;
  private int streamPort;
  private int echoPort;
  private int capturePort;
  private int halfClosingEchoPort;
  private final CompletableFuture<Buffer> captured = new CompletableFuture<>();
  private final AtomicInteger captureConnections = new AtomicInteger();

  @BeforeEach
  void start(Vertx vertx) throws Exception {
    secret = SharedSecret.generate();
    secretFile = Files.writeString(dir.resolve("agent-secret"), secret.encoded());
    database = TestPostgres.newDatabase();
    streamPort = TestEdges.freePort();
    NetServer echo = vertx.createNetServer().connectHandler(socket -> socket.pipeTo(socket));
    echoPort = result(echo.listen(0, "127.0.0.1")).actualPort();
    NetServer capture =
        vertx
            .createNetServer()
            .connectHandler(
                socket -> {
                  captureConnections.incrementAndGet();
                  Buffer seen = Buffer.buffer();
                  socket.handler(
                      b -> {
                        seen.appendBuffer(b);
                        if (seen.length() >= 28 + 5) {
                          captured.complete(seen);
                          socket.write("hello");
                        }
                      });
                });
    capturePort = result(capture.listen(0, "127.0.0.1")).actualPort();
    ServerSocket halfClosingEcho = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    running.add(halfClosingEcho);
    halfClosingEchoPort = halfClosingEcho.getLocalPort();
    daemon(() -> echoUntilEndOfInput(halfClosingEcho));
  }

  private static void daemon(Runnable task) {
    Thread thread = new Thread(task);
    thread.setDaemon(true);
    thread.start();
  }

  /** Echoes each connection until its input ends, then closes it: bytes after a FIN still go. */
  private static void echoUntilEndOfInput(ServerSocket server) {
    while (!server.isClosed()) {
      try {
        Socket socket = server.accept();
        daemon(
            () -> {
              try (socket) {
                socket.getInputStream().transferTo(socket.getOutputStream());
              } catch (Exception e) {
                // The test reading the echo reports what went missing.
              }
            });
      } catch (Exception e) {
        return;
      }
    }
  }

  @AfterEach
  void stop() throws Exception {
    for (int i = running.size() - 1; i >= 0; i--) {
      running.get(i).close();
    }
  }

  @Test
  void hundredClientsEachGetTheirMebibyteBackByteForByte(Vertx vertx) throws Exception {
    Agent agent = agent("127.0.0.1");
    Edge edge = edge("", agent);
    int port = edge.streamPorts().get(0);
    NetClient client = vertx.createNetClient();

    List<Future<Long[]>> clients = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      clients.add(echoMebibyte(client, port, new Random(i)));
    }

    for (Future<Long[]> each : clients) {
      Long[] sentAndReceived = result(each);
      assertThat(sentAndReceived[1]).isEqualTo(sentAndReceived[0]);
    }
  }

  @Test
  void aStreamPortInUseIsNamedAtStartUp() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      int port = taken.getLocalPort();
      Throwable failure =
          catchThrowable(
              () ->
                  TestEdges.start(
                      """
                      agent_assertion: {secret_file: %s}
                      upstreams:
                        agents: {targets: ["127.0.0.1:%d"]}
                      routes:
                        - {path: /api/server/status, methods: [GET], upstream: agents}
                      streams:
                        - {name: game, listen: {host: 127.0.0.1, port: %d}, upstream: agents,
                           target: echo, agent_port: %d}
                      """
                          .formatted(secretFile, TestEdges.freePort(), port, streamPort)));

      assertThat(failure)
          .hasMessageContaining("the listener of stream 'game' cannot listen on 127.0.0.1:" + port);
    }
  }

  @Test
  void aClientThatHalfClosesStillReadsTheWholeEchoThenTheEnd() throws Exception {
    Edge edge = edge("", agent("127.0.0.1"));
    byte[] bytes = new byte[MIB];
    new Random(7).nextBytes(bytes);
    try (Socket socket = connect(edge.streamPorts().get(5))) {
      CompletableFuture<Void> sent =
          CompletableFuture.runAsync(
              () -> {
                try {
                  socket.getOutputStream().write(bytes);
                  socket.shutdownOutput();
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
              });

      byte[] echoed = socket.getInputStream().readAllBytes();

      sent.get(10, TimeUnit.SECONDS);
      assertThat(echoed.length).isEqualTo(MIB);
      assertThat(Arrays.equals(echoed, bytes)).isTrue();
    }
  }

  @Test
  void connectionsBytesAndEndingsAreInTheMetricsAndCountAsOutstandingOnTheAgent(Vertx vertx)
      throws Exception {
    Edge edge = edge("", agent("127.0.0.1"));
    WebClient web = WebClient.create(vertx);
    Map<String, String> echo = Map.of("stream", "echo", "protocol", "tcp");
    Map<String, String> agent = Map.of("upstream", "agents");
    try (Socket socket = echoing(edge.streamPorts().get(0))) {
      socket.getOutputStream().write("four".getBytes());
      assertThat(readExactly(socket.getInputStream(), 4)).isEqualTo("four".getBytes());

      Scrape open = Scrape.of(web, edge.adminPort());
      assertThat(open.value("gatehouse_edge_stream_opened_total", echo)).isEqualTo(1);
      assertThat(open.value("gatehouse_edge_stream_active", echo)).isEqualTo(1);
      assertThat(open.value("gatehouse_edge_agent_in_flight", agent)).isEqualTo(1);
      assertThat(open.value("gatehouse_edge_stream_bytes_total", with(echo, "direction", "in")))
          .isEqualTo(5);
      assertThat(open.value("gatehouse_edge_stream_bytes_total", with(echo, "direction", "out")))
          .isEqualTo(5);
    }
    Map<String, String> closed = with(echo, "ended", "client_closed");
    Await.eventually(
        Duration.ofSeconds(5),
        () ->
            Scrape.of(web, edge.adminPort()).value("gatehouse_edge_stream_closed_total", closed)
                == 1);
    Scrape after = Scrape.of(web, edge.adminPort());
    assertThat(after.value("gatehouse_edge_stream_active", echo)).isZero();
    assertThat(after.value("gatehouse_edge_agent_in_flight", agent)).isZero();
    assertThat(after.series("gatehouse_edge_stream")).noneMatch(s -> s.contains("127.0.0.1"));
  }

  private static Map<String, String> with(Map<String, String> labels, String key, String value) {
    Map<String, String> more = new HashMap<>(labels);
    more.put(key, value);
    return more;
  }

  @Test
  void aTargetThatIsDownClosesTheClientPromptly() throws Exception {
    Edge edge = edge("", agent("127.0.0.1"));
    try (Socket socket = connect(edge.streamPorts().get(1))) {
      long started = System.nanoTime();

      assertThat(endOfStream(socket)).isTrue();
      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
    }
  }

  @Test
  void theTargetReadsTheClientAddressFromAProxyV2Header() throws Exception {
    Edge edge = edge("", agent("127.0.0.1"));
    try (Socket socket = connect(edge.streamPorts().get(2))) {
      socket.getOutputStream().write("hello".getBytes());
      Buffer header = captured.get(10, TimeUnit.SECONDS);
      assertThat(readExactly(socket.getInputStream(), 5)).isEqualTo("hello".getBytes());

      assertThat(header.getBytes(0, 12))
          .isEqualTo(new byte[] {13, 10, 13, 10, 0, 13, 10, 81, 85, 73, 84, 10});
      assertThat(header.getByte(12)).isEqualTo((byte) 0x21);
      assertThat(header.getByte(13)).isEqualTo((byte) 0x11);
      assertThat(header.getUnsignedShort(14)).isEqualTo(12);
      assertThat(InetAddress.getByAddress(header.getBytes(16, 20)).getHostAddress())
          .isEqualTo("127.0.0.1");
      assertThat(header.getUnsignedShort(24)).isEqualTo(socket.getLocalPort());
      assertThat(header.getString(28, 33)).isEqualTo("hello");
    }
  }

  @Test
  void theAgentRefusesAForgedOrReplayedLineBeforeTheTargetSeesAConnection() throws Exception {
    agent("127.0.0.1");
    try (Socket socket = connect(streamPort)) {
      socket.getOutputStream().write("eyJhbGciOiJub25lIn0.e30.\nhello".getBytes());

      assertThat(new String(socket.getInputStream().readAllBytes()))
          .isEqualTo("ERR invalid_assertion\n");
    }
    AssertionSigner signer = new AssertionSigner(secret, Duration.ofSeconds(30));
    byte[] line = (signer.signStream("proxied", "203.0.113.7", 4000) + "\n").getBytes();
    try (Socket socket = connect(streamPort)) {
      socket.getOutputStream().write(line);
      assertThat(readExactly(socket.getInputStream(), 3)).isEqualTo("OK\n".getBytes());
      socket.getOutputStream().write("hello".getBytes());
      Buffer header = captured.get(10, TimeUnit.SECONDS);
      assertThat(InetAddress.getByAddress(header.getBytes(16, 20)).getHostAddress())
          .isEqualTo("203.0.113.7");
      assertThat(header.getUnsignedShort(24)).isEqualTo(4000);
    }
    try (Socket replay = connect(streamPort)) {
      replay.getOutputStream().write(line);

      assertThat(new String(replay.getInputStream().readAllBytes()))
          .isEqualTo("ERR invalid_assertion\n");
    }
    assertThat(captureConnections).hasValue(1);
  }

  @Test
  void aBannedClientIsClosedAtAccept(Vertx vertx) throws Exception {
    Edge edge = edge("bans: {threshold: 1, never_ban: []}\n", agent("127.0.0.1"));
    int status =
        result(
                TestEdges.client(vertx, io.vertx.core.http.HttpVersion.HTTP_1_1)
                    .post(edge.httpsPort(), "localhost", "/api/register")
                    .putHeader("X-API-Key", "wrong")
                    .sendJsonObject(new io.vertx.core.json.JsonObject()))
            .statusCode();
    assertThat(status).isEqualTo(403);

    try (Socket socket = connect(edge.streamPorts().get(0))) {
      socket.getOutputStream().write("ping".getBytes());

      assertThat(endOfStream(socket)).isTrue();
    }
  }

  @Test
  void perIpLimitsHoldForOpenAndNewConnections() throws Exception {
    Edge edge = edge("", agent("127.0.0.1"));
    int twoOpen = edge.streamPorts().get(3);
    try (Socket first = echoing(twoOpen);
        Socket second = echoing(twoOpen);
        Socket third = connect(twoOpen)) {
      assertThat(endOfStream(third)).isTrue();
    }
    int limited = edge.streamPorts().get(4);
    // new_connections_per_second: 3, counted per whole second: a quick burst straddles at most
    // one boundary unless it is slow, and each further second it spans lets three more through.
    int accepted = 0;
    int refused = 0;
    long started = System.nanoTime();
    for (int i = 0; i < 10; i++) {
      try (Socket socket = connect(limited)) {
        socket.getOutputStream().write('x');
        if (endOfStream(socket)) {
          refused++;
        } else {
          accepted++;
        }
      }
    }
    long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started);

    assertThat(refused).isPositive();
    assertThat(accepted).isBetween(3, 3 * (int) (seconds + 2));
  }

  @Test
  void anAgentKilledMidStreamEndsItsConnectionsAndNewOnesGoToTheOther() throws Exception {
    Agent first = agent("127.0.0.1");
    Agent second = agent("127.0.0.2");
    Edge edge = edge("", first, second);
    int port = edge.streamPorts().get(0);
    List<Socket> before = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      before.add(echoing(port));
    }

    first.close();

    int ended = 0;
    for (Socket socket : before) {
      ended += endOfStreamAfterPing(socket) ? 1 : 0;
      socket.close();
    }
    assertThat(ended).isBetween(1, 3);
    for (int i = 0; i < 4; i++) {
      try (Socket socket = echoing(port)) {
        assertThat(socket.isConnected()).isTrue();
      }
    }
  }

  private Agent agent(String host) throws Exception {
    Agent agent =
        TestAgents.start(
            """
            listen: {host: %s, port: 0}
            database: {url: %s, pool_size: 2}
            routes:
              - path: /api/server/status
                backend: status
            trust: {edge_secret_file: %s}
            stream_listen: {port: %d}
            streams:
              echo: {target: "127.0.0.1:%d"}
              down: {target: "127.0.0.1:%d"}
              proxied: {target: "127.0.0.1:%d", proxy_protocol: v2}
              half_closing_echo: {target: "127.0.0.1:%d"}
            """
                .formatted(
                    host,
                    database,
                    secretFile,
                    streamPort,
                    echoPort,
                    TestEdges.freePort(),
                    capturePort,
                    halfClosingEchoPort));
    running.add(agent);
    return agent;
  }

  private Edge edge(String extra, Agent... agents) throws Exception {
    StringBuilder targets = new StringBuilder();
    String[] hosts = {"127.0.0.1", "127.0.0.2"};
    for (int i = 0; i < agents.length; i++) {
      targets.append(i == 0 ? "" : ", ").append('"').append(hosts[i]).append(':');
      targets.append(agents[i].port()).append('"');
    }
    String stream =
        """
          - name: %s
            listen: {host: 127.0.0.1, port: 0}
            upstream: agents
            target: %s
            agent_port: %d
            idle_timeout: 10s
            max_connections_per_ip: %d
            new_connections_per_second: %d
        """;
    Edge edge =
        TestEdges.start(
            extra
                + """
                agent_assertion: {secret_file: %s}
                api_keys:
                  - {name: website, sha256: "%s"}
                upstreams:
                  agents: {targets: [%s]}
                routes:
                  - path: /api/register
                    methods: [POST]
                    upstream: agents
                    api_key: required
                streams:
                """
                    .formatted(secretFile, "ab".repeat(32), targets)
                + stream.formatted("echo", "echo", streamPort, 200, 1000)
                + stream.formatted("down", "down", streamPort, 200, 1000)
                + stream.formatted("proxied", "proxied", streamPort, 200, 1000)
                + stream.formatted("two_open", "echo", streamPort, 2, 1000)
                + stream.formatted("three_a_second", "echo", streamPort, 200, 3)
                + stream.formatted(
                    "half_closing_echo", "half_closing_echo", streamPort, 200, 1000));
    running.add(edge);
    return edge;
  }

  /** Sends 1 MiB of seeded bytes; the CRC32 of what was sent and of what came back. */
  private static Future<Long[]> echoMebibyte(NetClient client, int port, Random random) {
    byte[] bytes = new byte[MIB];
    random.nextBytes(bytes);
    CRC32 sent = new CRC32();
    sent.update(bytes);
    return client
        .connect(port, "127.0.0.1")
        .compose(
            socket -> {
              Promise<Long[]> done = Promise.promise();
              CRC32 received = new CRC32();
              long[] count = {0};
              socket.handler(
                  chunk -> {
                    received.update(chunk.getBytes());
                    count[0] += chunk.length();
                    if (count[0] >= MIB) {
                      done.tryComplete(new Long[] {sent.getValue(), received.getValue()});
                      socket.close();
                    }
                  });
              socket.closeHandler(v -> done.tryFail("closed after " + count[0] + " bytes"));
              socket.write(Buffer.buffer(bytes));
              return done.future();
            });
  }

  private static Socket connect(int port) throws Exception {
    Socket socket = new Socket("127.0.0.1", port);
    socket.setSoTimeout(10_000);
    return socket;
  }

  /** A connection that has carried one byte both ways. */
  private static Socket echoing(int port) throws Exception {
    Socket socket = connect(port);
    socket.getOutputStream().write('a');
    assertThat(socket.getInputStream().read()).isEqualTo('a');
    return socket;
  }

  private static boolean endOfStream(Socket socket) throws Exception {
    try {
      return socket.getInputStream().read() == -1;
    } catch (SocketException e) {
      return true;
    } catch (SocketTimeoutException e) {
      return false;
    }
  }

  private static boolean endOfStreamAfterPing(Socket socket) throws Exception {
    try {
      OutputStream out = socket.getOutputStream();
      out.write('b');
      return socket.getInputStream().read() != 'b';
    } catch (SocketException e) {
      return true;
    }
  }

  private static byte[] readExactly(InputStream in, int length) throws Exception {
    byte[] bytes = in.readNBytes(length);
    return Arrays.copyOf(bytes, bytes.length);
  }
}
