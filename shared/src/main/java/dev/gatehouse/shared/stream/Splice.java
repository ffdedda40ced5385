package dev.gatehouse.shared.stream;

import io.netty.channel.Channel;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;
import java.time.Duration;

/**
 * Copies bytes both ways between two sockets until both directions have ended, then closes both. A
 * side whose peer cannot keep up is paused until the peer's write queue drains, so nothing is
 * buffered beyond the sockets' own write queues.
 *
 * <p>A half-close is carried through: when one side shuts down its output (a FIN), its last bytes
 * are written to the other side, whose output is then shut down in turn, while the other direction
 * keeps flowing. That needs both sockets to allow half-closure ({@link HalfClose#allow}); where one
 * does not, the end of either direction closes both, as a plain {@code NetSocket} would.
 *
 * <p>On the native (epoll) transport, once the bytes that came with the handshake have been copied,
 * each direction whose sockets were {@link #prepare prepared} moves its bytes inside the kernel
 * ({@link KernelSplice}), counted all the same.
 */
public final class Splice {

  private static final long MAX_HAND_OVER_DELAY_MILLIS = 250;
  private static final Duration CLOSE_GRACE = Duration.ofSeconds(10);

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

  /** Bytes carried each way, how it ended, and whether both directions were moved in the kernel. */
  public record Result(long bytesFromClient, long bytesToClient, Ending ending, boolean inKernel) {}

  private final Vertx vertx;
  private final NetSocket client;
  private final NetSocket upstream;
  private final long idleMillis;
  private final Tally tally;
  private final Promise<Result> done = Promise.promise();
  private final Direction up;
  private final Direction down;
  private Ending firstEnd;
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
    this.up = new Direction(client, upstream, true);
    this.down = new Direction(upstream, client, false);
  }

  /**
   * Readies a socket to be spliced; call it as soon as the socket exists, before its peer could
   * have sent anything: lets a FIN end only its input ({@link HalfClose#allow}) and, on the native
   * transport, lets its bytes be moved and counted in the kernel.
   */
  public static void prepare(NetSocket socket) {
    HalfClose.allow(socket);
    KernelSplice.prepare(HalfClose.channel(socket));
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
      down.carry(early);
    }
    up.start();
    down.start();
    client.endHandler(v -> finish(Ending.CLIENT_CLOSED));
    client.closeHandler(v -> finish(Ending.CLIENT_CLOSED));
    upstream.endHandler(v -> finish(Ending.UPSTREAM_CLOSED));
    upstream.closeHandler(v -> finish(Ending.UPSTREAM_CLOSED));
    client.exceptionHandler(e -> finish(Ending.ERROR));
    upstream.exceptionHandler(e -> finish(Ending.ERROR));
    timer = vertx.setPeriodic(Math.max(50, idleMillis / 4), id -> checkIdle());
    boolean halfClose = HalfClose.allow(client) && HalfClose.allow(upstream);
    if (halfClose) {
      HalfClose.onInputShutdown(client, up::inputEnded);
      HalfClose.onInputShutdown(upstream, down::inputEnded);
    }
    up.resume();
    down.resume();
    if (halfClose) {
      // In a task of its own: bytes the sockets read while paused are copied first, in order.
      vertx.runOnContext(v -> up.toKernel());
      vertx.runOnContext(v -> down.toKernel());
    }
  }

  /** One direction: bytes from {@code from} to {@code to}, and the end of them. */
  private final class Direction implements KernelSplice.Listener {
    private final NetSocket from;
    private final NetSocket to;
    private final boolean fromTheClient;
    private Future<Void> lastWrite = Future.succeededFuture();
    // Both sockets come paused from their handshake, with bytes (and maybe a FIN) already read.
    private boolean paused = true;
    private boolean inputEnded;
    private boolean shutDown;
    private boolean ended;
    private boolean wantsKernel;
    private long handOverDelayMillis = 2;
    private KernelSplice kernel;

    Direction(NetSocket from, NetSocket to, boolean fromTheClient) {
      this.from = from;
      this.to = to;
      this.fromTheClient = fromTheClient;
    }

    void start() {
      from.handler(this::carry);
    }

    /** Moves this direction into the kernel once it is not waiting for its target to drain. */
    void toKernel() {
      if (done.future().isComplete() || inputEnded || kernel != null) {
        return;
      }
      wantsKernel = paused;
      if (paused) {
        return;
      }
      Channel target = HalfClose.channel(to);
      if (target != null && !target.isWritable()) {
        // Writes to a channel that is not writable wait in the socket's own queue, in front of the
        // channel's; the kernel's bytes would go straight to the channel and pass them. Looked at
        // again soon, then less often: a stalled target may stay so for long.
        long delay = handOverDelayMillis;
        handOverDelayMillis = Math.min(2 * delay, MAX_HAND_OVER_DELAY_MILLIS);
        vertx.setTimer(delay, id -> toKernel());
        return;
      }
      kernel = KernelSplice.start(HalfClose.channel(from), target, this);
    }

    void carry(Buffer chunk) {
      moved(chunk.length());
      lastWrite = to.write(chunk);
      if (to.writeQueueFull()) {
        paused = true;
        from.pause();
        to.drainHandler(v -> resume());
      }
    }

    @Override
    public void moved(int bytes) {
      lastActivity = System.nanoTime();
      if (fromTheClient) {
        fromClient += bytes;
        tally.fromClient(bytes);
      } else {
        toClient += bytes;
        tally.toClient(bytes);
      }
    }

    @Override
    public void drained() {
      shutDownWhenDrained();
    }

    @Override
    public void failed(Throwable cause) {
      finish(Ending.ERROR);
    }

    void resume() {
      paused = false;
      from.resume();
      if (wantsKernel) {
        vertx.runOnContext(v -> toKernel());
      }
      if (inputEnded) {
        // Bytes read before the FIN may still wait in the paused socket, delivered as it resumes:
        // look again in a task after that.
        vertx.runOnContext(v -> shutDownWhenDrained());
      }
    }

    void inputEnded() {
      inputEnded = true;
      if (firstEnd == null) {
        firstEnd = fromTheClient ? Ending.CLIENT_CLOSED : Ending.UPSTREAM_CLOSED;
      }
      if (kernel != null) {
        // The FIN can come before the bytes the kernel has yet to move: it calls drained().
        kernel.inputShutDown();
        return;
      }
      shutDownWhenDrained();
    }

    private void shutDownWhenDrained() {
      if (paused || shutDown) {
        return;
      }
      shutDown = true;
      // A shutdown fails writes still queued: it waits for the last one to be written.
      lastWrite
          .transform(ar -> HalfClose.shutdownOutput(to))
          .onComplete(
              ar -> {
                ended = true;
                if (ar.failed() || (up.ended && down.ended)) {
                  finish(ar.failed() ? Ending.ERROR : firstEnd);
                }
              });
    }
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
    done.complete(
        new Result(fromClient, toClient, ending, up.kernel != null && down.kernel != null));
    // Let queued bytes go out first: end() flushes the write queue, then closes. A peer that
    // never reads would keep it waiting, and the socket open, for ever: the last bytes get as long
    // as the idle timeout allows, at most CLOSE_GRACE.
    long grace =
        vertx.setTimer(
            Math.min(idleMillis, CLOSE_GRACE.toMillis()),
            id -> {
              HalfClose.closeNow(client);
              HalfClose.closeNow(upstream);
            });
    Future.join(client.end(), upstream.end()).onComplete(closed -> vertx.cancelTimer(grace));
  }
}
