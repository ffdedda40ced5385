package dev.gatehouse.shared.stream;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;
import java.time.Duration;

/**
 * Copies bytes both ways between two sockets until either side ends, then closes both. A side whose
 * peer cannot keep up is paused until the peer's write queue drains, so nothing is buffered beyond
 * the sockets' own write queues.
 *
 * <p>Vert.x's {@code NetSocket} cannot shut down only its output (its {@code end()} closes the
 * connection), so the end of one direction closes both: a client that half-closes gets no more
 * bytes after that.
 */
public final class Splice {

  /** How one splice ended. */
  public enum Ending {
    CLIENT_CLOSED,
    UPSTREAM_CLOSED,
    IDLE,
    ERROR
  }

  /** Told of the bytes of each chunk as it passes, for live counts. */
  public interface Tally {
    Tally NONE =
        new Tally() {
          @Override
          public void fromClient(int bytes) {}

          @Override
          public void toClient(int bytes) {}
        };

    void fromClient(int bytes);

    void toClient(int bytes);
  }

  /** Bytes carried each way and how it ended. */
  public record Result(long bytesFromClient, long bytesToClient, Ending ending) {}

  private final Vertx vertx;
  private final NetSocket client;
  private final NetSocket upstream;
  private final long idleMillis;
  private final Tally tally;
  private final Promise<Result> done = Promise.promise();
  private long fromClient;
  private long toClient;
  private long lastActivity = System.nanoTime();
  private long timer = -1;

  private Splice(Vertx vertx, NetSocket client, NetSocket upstream, Duration idle, Tally tally) {
    this.vertx = vertx;
    this.tally = tally;
    this.client = client;
    this.upstream = upstream;
    this.idleMillis = idle.toMillis();
  }

  /**
   * Splices {@code client} and {@code upstream}, first writing {@code early} (bytes the upstream
   * sent with its handshake line) to the client; both sockets must be on the calling context.
   */
  public static Future<Result> start(
      Vertx vertx, NetSocket client, NetSocket upstream, Buffer early, Duration idle) {
    return start(vertx, client, upstream, early, idle, Tally.NONE);
  }

  /** As {@link #start(Vertx, NetSocket, NetSocket, Buffer, Duration)}, telling {@code tally}. */
  public static Future<Result> start(
      Vertx vertx, NetSocket client, NetSocket upstream, Buffer early, Duration idle, Tally tally) {
    Splice splice = new Splice(vertx, client, upstream, idle, tally);
    splice.begin(early);
    return splice.done.future();
  }

  private void begin(Buffer early) {
    if (early.length() > 0) {
      toClient += early.length();
      tally.toClient(early.length());
      client.write(early);
    }
    copy(client, upstream, true);
    copy(upstream, client, false);
    client.endHandler(v -> finish(Ending.CLIENT_CLOSED));
    client.closeHandler(v -> finish(Ending.CLIENT_CLOSED));
    upstream.endHandler(v -> finish(Ending.UPSTREAM_CLOSED));
    upstream.closeHandler(v -> finish(Ending.UPSTREAM_CLOSED));
    client.exceptionHandler(e -> finish(Ending.ERROR));
    upstream.exceptionHandler(e -> finish(Ending.ERROR));
    timer = vertx.setPeriodic(Math.max(50, idleMillis / 4), id -> checkIdle());
    client.resume();
    upstream.resume();
  }

  private void copy(NetSocket from, NetSocket to, boolean fromTheClient) {
    from.handler(
        chunk -> {
          lastActivity = System.nanoTime();
          if (fromTheClient) {
            fromClient += chunk.length();
            tally.fromClient(chunk.length());
          } else {
            toClient += chunk.length();
            tally.toClient(chunk.length());
          }
          to.write(chunk);
          if (to.writeQueueFull()) {
            from.pause();
            to.drainHandler(v -> from.resume());
          }
        });
  }

  private void checkIdle() {
    if ((System.nanoTime() - lastActivity) / 1_000_000 >= idleMillis) {
      finish(Ending.IDLE);
    }
  }

  private void finish(Ending ending) {
    if (done.future().isComplete()) {
      return;
    }
    vertx.cancelTimer(timer);
    done.complete(new Result(fromClient, toClient, ending));
    // Let queued bytes go out first: end() flushes the write queue, then closes.
    client.end();
    upstream.end();
  }
}
