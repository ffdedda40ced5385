import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * TCP targets and clients for the stream benchmark and the tunnel test; plain JDK, run as a single
 * source file ({@code java bench/StreamProbe.java MODE ...}).
 *
 * <pre>
 *   echo PORT                          echoes each connection until its input ends, then closes
 *   sink PORT                          counts a connection's bytes until its input ends, answers the
 *                                      count (8 bytes), closes
 *   check HOST PORT BYTES              sends BYTES random bytes, shuts its output, expects them all
 *                                      back from an echo; exit 1 otherwise
 *   upload HOST PORT SECONDS CONNS     CONNS connections write to a sink for SECONDS; prints
 *                                      "mib_per_s=…" of what the sink counted
 *   connect HOST PORT SECONDS THREADS  opens, pings one byte through an echo and closes connections
 *                                      for SECONDS; prints "connections_per_s=…"
 * </pre>
 */
public final class StreamProbe {

  private static final int CHUNK = 64 * 1024;

  public static void main(String[] args) throws Exception {
    switch (args[0]) {
      case "echo" -> serve(Integer.parseInt(args[1]), StreamProbe::echo);
      case "sink" -> serve(Integer.parseInt(args[1]), StreamProbe::sink);
      case "check" -> System.exit(check(args[1], Integer.parseInt(args[2]), Integer.parseInt(args[3])));
      case "upload" -> upload(args[1], Integer.parseInt(args[2]), seconds(args[3]), Integer.parseInt(args[4]));
      case "connect" -> connectRate(args[1], Integer.parseInt(args[2]), seconds(args[3]), Integer.parseInt(args[4]));
      default -> throw new IllegalArgumentException("unknown mode " + args[0]);
    }
  }

  private static long seconds(String text) {
    return Long.parseLong(text) * 1_000_000_000L;
  }

  interface Connection {
    void handle(Socket socket) throws Exception;
  }

  private static void serve(int port, Connection connection) throws Exception {
    try (ServerSocket server = new ServerSocket()) {
      server.setReuseAddress(true);
      server.bind(new InetSocketAddress("0.0.0.0", port), 512);
      System.out.println("listening " + port);
      System.out.flush();
      while (true) {
        Socket socket = server.accept();
        Thread thread =
            new Thread(
                () -> {
                  try (socket) {
                    connection.handle(socket);
                  } catch (Exception e) {
                    // One connection's failure is the client's to report.
                  }
                });
        thread.setDaemon(true);
        thread.start();
      }
    }
  }

  private static void echo(Socket socket) throws Exception {
    socket.setTcpNoDelay(true);
    socket.getInputStream().transferTo(socket.getOutputStream());
  }

  private static void sink(Socket socket) throws Exception {
    byte[] buffer = new byte[CHUNK];
    InputStream in = socket.getInputStream();
    long total = 0;
    for (int n; (n = in.read(buffer)) >= 0; ) {
      total += n;
    }
    new DataOutputStream(socket.getOutputStream()).writeLong(total);
  }

  private static int check(String host, int port, int bytes) throws Exception {
    byte[] sent = new byte[bytes];
    new Random(bytes).nextBytes(sent);
    try (Socket socket = new Socket(host, port)) {
      socket.setSoTimeout(20_000);
      Thread writer =
          new Thread(
              () -> {
                try {
                  socket.getOutputStream().write(sent);
                  socket.shutdownOutput();
                } catch (Exception e) {
                  // The reader sees the bytes missing.
                }
              });
      writer.start();
      byte[] back = socket.getInputStream().readAllBytes();
      writer.join();
      boolean same = Arrays.equals(sent, back);
      System.out.println((same ? "ok" : "differ") + " sent=" + bytes + " received=" + back.length);
      return same ? 0 : 1;
    }
  }

  private static void upload(String host, int port, long nanos, int connections) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(connections);
    List<Future<Long>> counts = new ArrayList<>();
    long started = System.nanoTime();
    for (int i = 0; i < connections; i++) {
      Callable<Long> one =
          () -> {
            try (Socket socket = new Socket(host, port)) {
              byte[] chunk = new byte[CHUNK];
              OutputStream out = socket.getOutputStream();
              while (System.nanoTime() - started < nanos) {
                out.write(chunk);
              }
              socket.shutdownOutput();
              return new DataInputStream(socket.getInputStream()).readLong();
            }
          };
      counts.add(pool.submit(one));
    }
    long total = 0;
    for (Future<Long> count : counts) {
      total += count.get();
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    pool.shutdown();
    System.out.printf("mib_per_s=%.1f bytes=%d seconds=%.2f%n", total / seconds / 1048576, total, seconds);
  }

  private static void connectRate(String host, int port, long nanos, int threads) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    AtomicLong done = new AtomicLong();
    AtomicLong failed = new AtomicLong();
    long started = System.nanoTime();
    List<Future<?>> workers = new ArrayList<>();
    for (int i = 0; i < threads; i++) {
      workers.add(
          pool.submit(
              () -> {
                while (System.nanoTime() - started < nanos) {
                  try (Socket socket = new Socket(host, port)) {
                    socket.setSoTimeout(5000);
                    socket.setTcpNoDelay(true);
                    socket.getOutputStream().write('x');
                    if (socket.getInputStream().read() == 'x') {
                      done.incrementAndGet();
                    } else {
                      failed.incrementAndGet();
                    }
                  } catch (Exception e) {
                    failed.incrementAndGet();
                  }
                }
              }));
    }
    for (Future<?> worker : workers) {
      worker.get();
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    pool.shutdown();
    System.out.printf(
        "connections_per_s=%.0f connections=%d failed=%d seconds=%.2f%n",
        done.get() / seconds, done.get(), failed.get(), seconds);
  }
}
