package dev.gatehouse.shared.stream;

import static dev.gatehouse.shared.testing.Await.result;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.shared.cli.Runtimes;
import dev.gatehouse.shared.testing.Await;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A client spliced to an echo target that answers until the client's FIN, then closes. */
class SpliceTest {

  private static final int MIB = 1024 * 1024;

  private ServerSocket echo;
  private Vertx vertx;
  private final CompletableFuture<Splice.Result> spliced = new CompletableFuture<>();

  @BeforeEach
  void startEcho() throws Exception {
    echo = echoTarget(0);
  }

  @AfterEach
  void stop() throws Exception {
    echo.close();
    if (vertx != null) {
      Runtimes.close(vertx, "the test's Vert.x");
    }
  }

  @Test
  void onTheNativeTransportBothDirectionsMoveInTheKernelAndEveryByteIsCounted() throws Exception {
    Vertx epoll = Runtimes.vertx();
    assertThat(epoll.isNativeTransportEnabled()).isTrue();

    echoesThreeMebibytesCountingEveryByte(epoll, true);
  }

  @Test
  void bytesQueuedForASlowTargetWhenTheKernelTakesOverStillGoFirst() throws Exception {
    // A small window at the target, behind a small send buffer: the upstream stops being writable
    // after a few writes and the client's next bytes wait in its write queue. The kernel may take
    // the direction over only once they have gone, or its bytes would pass them.
    echo.close();
    echo = echoTarget(16 * 1024);
    int port =
        splicing(
            Runtimes.vertx(),
            Duration.ofSeconds(10),
            new NetClientOptions().setSendBufferSize(16 * 1024));
    byte[] first = random(4 * MIB + 3);
    byte[] second = random(MIB);

    try (Socket socket = connect(port)) {
      CompletableFuture<Void> sent = sending(socket, first);
      assertThat(socket.getInputStream().readNBytes(first.length)).isEqualTo(first);
      sent.get(10, TimeUnit.SECONDS);
      // The queue has drained: the kernel takes over within a few milliseconds.
      Thread.sleep(100);
      sent = sending(socket, second);
      assertThat(socket.getInputStream().readNBytes(second.length)).isEqualTo(second);
      sent.get(10, TimeUnit.SECONDS);
      socket.shutdownOutput();
      assertThat(socket.getInputStream().read()).isEqualTo(-1);
    }

    Splice.Result result = spliced.get(10, TimeUnit.SECONDS);
    assertThat(result.inKernel()).isTrue();
    assertThat(result.bytesFromClient()).isEqualTo(first.length + second.length);
    assertThat(result.bytesToClient()).isEqualTo(first.length + second.length);
  }

  @Test
  void aClientsFinBehindASlowTargetDoesNotKeepTheEventLoopBusy() throws Exception {
    // The target takes a kilobyte every 10 ms: splices wait on it, finishing one by one, while the
    // client's FIN leaves its socket readable at every turn of the loop.
    echo.close();
    CompletableFuture<Void> allRead = new CompletableFuture<>();
    echo = target(16 * 1024, socket -> readSlowly(socket, allRead));
    int port =
        splicing(
            Runtimes.vertx(),
            Duration.ofSeconds(30),
            new NetClientOptions().setSendBufferSize(16 * 1024));
    try (Socket socket = connect(port)) {
      // A first byte while the target keeps up: both directions are handed to the kernel.
      socket.getOutputStream().write(1);
      Thread.sleep(100);
      long before = eventLoopNanos();
      socket.getOutputStream().write(random(128 * 1024));
      socket.shutdownOutput();
      allRead.get(20, TimeUnit.SECONDS);

      // About 1.3 s of waiting on the target; moving 128 KiB takes the loop a few milliseconds.
      assertThat(Duration.ofNanos(eventLoopNanos() - before)).isLessThan(Duration.ofMillis(250));
    }
  }

  @Test
  void aStreamInTheKernelThatEndsWhileBytesWaitForAClientLeavesNothingOpen() throws Exception {
    // The client's side still has bytes for a client that reads nothing when the stream ends and
    // its upstream closes: it must go too, at once, not keep splicing into the upstream's closed
    // pipe until the close grace (the idle timeout here) runs out.
    int port = splicing(Runtimes.vertx(), Duration.ofSeconds(2));
    long pipes = openPipes();
    try (Socket socket = new Socket()) {
      Splice.Result result = floodAClientThatDoesNotRead(socket, port);

      assertThat(result.inKernel()).isTrue();
      assertThat(result.ending()).isEqualTo(Splice.Ending.IDLE);
      socket.getOutputStream().write("after the end".getBytes());
      Await.eventually(Duration.ofSeconds(1), () -> established(port) == 0 && openPipes() <= pipes);
    }
  }

  @Test
  void aStreamThatEndsWhileBytesWaitForAClientThatNeverReadsIsClosedAfterAGrace() throws Exception {
    int port = splicing(Vertx.vertx(), Duration.ofMillis(500));
    try (Socket socket = new Socket()) {
      Splice.Result result = floodAClientThatDoesNotRead(socket, port);

      assertThat(result.inKernel()).isFalse();
      assertThat(result.ending()).isEqualTo(Splice.Ending.IDLE);
      Await.eventually(Duration.ofSeconds(5), () -> established(port) == 0);
    }
  }

  @Test
  void aFewBytesMovedInTheKernelAreCountedExactly() throws Exception {
    int port = splicing(Runtimes.vertx(), Duration.ofSeconds(10));
    try (Socket socket = connect(port)) {
      // A round trip first: by its end both directions have been handed to the kernel.
      socket.getOutputStream().write("ping".getBytes());
      assertThat(socket.getInputStream().readNBytes(4)).isEqualTo("ping".getBytes());

      socket.getOutputStream().write("12345".getBytes());
      socket.shutdownOutput();
      assertThat(socket.getInputStream().readAllBytes()).isEqualTo("12345".getBytes());
    }

    Splice.Result result = spliced.get(10, TimeUnit.SECONDS);
    assertThat(result.inKernel()).isTrue();
    assertThat(result.bytesFromClient()).isEqualTo(9);
    assertThat(result.bytesToClient()).isEqualTo(9);
    assertThat(result.ending()).isEqualTo(Splice.Ending.CLIENT_CLOSED);
  }

  @Test
  void aStreamThatEndsBeforeTheHandOverIsCopiedAndCountedExactly() throws Exception {
    int port = splicing(Runtimes.vertx(), Duration.ofSeconds(10));

    assertThat(echoed(port, 5)).isTrue();

    Splice.Result result = spliced.get(10, TimeUnit.SECONDS);
    assertThat(result.bytesFromClient()).isEqualTo(5);
    assertThat(result.bytesToClient()).isEqualTo(5);
    assertThat(result.ending()).isEqualTo(Splice.Ending.CLIENT_CLOSED);
  }

  @Test
  void withoutTheNativeTransportTheBytesAreCopiedAndCountedAlike() throws Exception {
    echoesThreeMebibytesCountingEveryByte(Vertx.vertx(), false);
  }

  private void echoesThreeMebibytesCountingEveryByte(Vertx vertx, boolean inKernel)
      throws Exception {
    int port = splicing(vertx, Duration.ofSeconds(10));
    int size = 3 * MIB + 7;

    assertThat(echoed(port, size)).isTrue();

    Splice.Result result = spliced.get(10, TimeUnit.SECONDS);
    assertThat(result.inKernel()).isEqualTo(inKernel);
    assertThat(result.bytesFromClient()).isEqualTo(size);
    assertThat(result.bytesToClient()).isEqualTo(size);
    assertThat(result.ending()).isEqualTo(Splice.Ending.CLIENT_CLOSED);
  }

  @Test
  void bytesMovedInTheKernelKeepTheStreamFromGoingIdle() throws Exception {
    int port = splicing(Runtimes.vertx(), Duration.ofMillis(500));
    byte[] piece = new byte[1024];
    try (Socket socket = connect(port)) {
      // 1.2 s in all, longer than the idle timeout, never 500 ms without a byte.
      for (int i = 0; i < 12; i++) {
        socket.getOutputStream().write(piece);
        assertThat(socket.getInputStream().readNBytes(piece.length)).hasSize(piece.length);
        Thread.sleep(100);
      }
      socket.shutdownOutput();
      assertThat(socket.getInputStream().read()).isEqualTo(-1);
    }

    Splice.Result result = spliced.get(10, TimeUnit.SECONDS);
    assertThat(result.inKernel()).isTrue();
    assertThat(result.ending()).isEqualTo(Splice.Ending.CLIENT_CLOSED);
    assertThat(result.bytesFromClient()).isEqualTo(12 * 1024);
    assertThat(result.bytesToClient()).isEqualTo(12 * 1024);
  }

  @Test
  void aSilentStreamInTheKernelEndsAfterItsIdleTimeout() throws Exception {
    int port = splicing(Runtimes.vertx(), Duration.ofMillis(300));
    try (Socket socket = connect(port)) {
      socket.getOutputStream().write("ping".getBytes());
      assertThat(socket.getInputStream().readNBytes(4)).isEqualTo("ping".getBytes());
      long started = System.nanoTime();

      assertThat(socket.getInputStream().read()).isEqualTo(-1);
      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
    }

    Splice.Result result = spliced.get(10, TimeUnit.SECONDS);
    assertThat(result.inKernel()).isTrue();
    assertThat(result.ending()).isEqualTo(Splice.Ending.IDLE);
    assertThat(result.bytesFromClient()).isEqualTo(4);
    assertThat(result.bytesToClient()).isEqualTo(4);
  }

  private int splicing(Vertx vertx, Duration idle) {
    return splicing(vertx, idle, new NetClientOptions());
  }

  /** A port whose connection is spliced to the echo target as the stream ports do it. */
  private int splicing(Vertx vertx, Duration idle, NetClientOptions options) {
    this.vertx = vertx;
    NetClient client = vertx.createNetClient(options);
    NetServer server =
        vertx
            .createNetServer()
            .connectHandler(
                socket -> {
                  Splice.prepare(socket);
                  socket.pause();
                  client
                      .connect(echo.getLocalPort(), "127.0.0.1")
                      .compose(
                          upstream -> {
                            Splice.prepare(upstream);
                            upstream.pause();
                            return Splice.start(vertx, socket, upstream, Buffer.buffer(), idle);
                          })
                      .onSuccess(spliced::complete)
                      .onFailure(spliced::completeExceptionally);
                });
    return result(server.listen(0, "127.0.0.1")).actualPort();
  }

  /** Sends {@code size} random bytes, then a FIN, and reads the echo to its end. */
  private static boolean echoed(int port, int size) throws Exception {
    byte[] bytes = random(size);
    try (Socket socket = connect(port)) {
      CompletableFuture<Void> sent = sending(socket, bytes).thenRun(() -> shutdownOutput(socket));
      byte[] back = socket.getInputStream().readAllBytes();
      sent.get(10, TimeUnit.SECONDS);
      return Arrays.equals(back, bytes);
    }
  }

  private static CompletableFuture<Void> sending(Socket socket, byte[] bytes) {
    return CompletableFuture.runAsync(
        () -> {
          try {
            socket.getOutputStream().write(bytes);
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        });
  }

  private static void shutdownOutput(Socket socket) {
    try {
      socket.shutdownOutput();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] random(int size) {
    byte[] bytes = new byte[size];
    new Random(size).nextBytes(bytes);
    return bytes;
  }

  private static Socket connect(int port) throws Exception {
    Socket socket = new Socket("127.0.0.1", port);
    socket.setSoTimeout(10_000);
    return socket;
  }

  /** What a target does with one connection; the connection is closed after it. */
  private interface Conversation {
    void serve(Socket socket) throws Exception;
  }

  /** A target that echoes each connection until its FIN, then closes. */
  private static ServerSocket echoTarget(int receiveBuffer) throws Exception {
    return target(
        receiveBuffer, socket -> socket.getInputStream().transferTo(socket.getOutputStream()));
  }

  /** {@code receiveBuffer} 0 is the system's default. */
  private static ServerSocket target(int receiveBuffer, Conversation conversation)
      throws Exception {
    ServerSocket target = new ServerSocket();
    if (receiveBuffer > 0) {
      target.setReceiveBufferSize(receiveBuffer);
    }
    target.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
    daemon(
        () -> {
          while (!target.isClosed()) {
            try {
              Socket socket = target.accept();
              daemon(
                  () -> {
                    try (socket) {
                      conversation.serve(socket);
                    } catch (Exception e) {
                      // The test reading the other end reports what went missing.
                    }
                  });
            } catch (Exception e) {
              return;
            }
          }
        });
    return target;
  }

  /** Reads a kilobyte every 10 ms to the end, sending nothing back. */
  private static void readSlowly(Socket socket, CompletableFuture<Void> allRead) throws Exception {
    byte[] piece = new byte[1024];
    while (socket.getInputStream().read(piece) >= 0) {
      Thread.sleep(10);
    }
    allRead.complete(null);
  }

  /**
   * Connects {@code socket} to a target that sends without end and waits for the stream to go idle,
   * the client reading nothing.
   */
  private Splice.Result floodAClientThatDoesNotRead(Socket socket, int port) throws Exception {
    echo.close();
    echo = target(0, SpliceTest::sendWithoutEnd);
    socket.setReceiveBufferSize(16 * 1024);
    socket.connect(new InetSocketAddress("127.0.0.1", port));
    socket.getOutputStream().write("go".getBytes());
    Thread.sleep(100);
    socket.getOutputStream().write("more".getBytes());
    return spliced.get(10, TimeUnit.SECONDS);
  }

  /** Sends without end, and reads what comes in on the side. */
  private static void sendWithoutEnd(Socket socket) throws Exception {
    daemon(
        () -> {
          try {
            socket.getInputStream().transferTo(OutputStream.nullOutputStream());
          } catch (IOException e) {
            // Ends with the connection.
          }
        });
    byte[] chunk = random(64 * 1024);
    while (true) {
      socket.getOutputStream().write(chunk);
    }
  }

  /** CPU time the Vert.x event loop threads have spent. */
  private static long eventLoopNanos() {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long nanos = 0;
    for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
      if (info != null && info.getThreadName().startsWith("vert.x-eventloop-thread")) {
        nanos += Math.max(0, threads.getThreadCpuTime(info.getThreadId()));
      }
    }
    return nanos;
  }

  /** The process's pipes: a splice's, while it is open. */
  private static long openPipes() {
    try (var descriptors = Files.list(Path.of("/proc/self/fd"))) {
      return descriptors.filter(SpliceTest::isPipe).count();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static boolean isPipe(Path descriptor) {
    try {
      return Files.readSymbolicLink(descriptor).toString().startsWith("pipe:");
    } catch (IOException e) {
      return false; // closed since it was listed
    }
  }

  /** Established TCP connections accepted on {@code port} (their local end is that port). */
  private static long established(int port) {
    String hexPort = ":%04X".formatted(port);
    return Stream.of("/proc/net/tcp", "/proc/net/tcp6")
        .flatMap(SpliceTest::lines)
        .map(line -> line.trim().split("\\s+"))
        .filter(fields -> fields.length > 3 && fields[3].equals("01"))
        .filter(fields -> fields[1].endsWith(hexPort))
        .count();
  }

  private static Stream<String> lines(String file) {
    try {
      return Files.readAllLines(Path.of(file)).stream().skip(1);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void daemon(Runnable task) {
    Thread thread = new Thread(task);
    thread.setDaemon(true);
    thread.start();
  }
}
