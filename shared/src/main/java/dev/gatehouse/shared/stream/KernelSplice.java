package dev.gatehouse.shared.stream;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelConfig;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.ChannelPromise;
import io.netty.channel.RecvByteBufAllocator;
import io.netty.channel.epoll.AbstractEpollStreamChannel;
import io.netty.util.AttributeKey;
import io.netty.util.UncheckedBooleanSupplier;
import java.nio.channels.ClosedChannelException;

/**
 * One direction of a splice moved inside the kernel: Netty's epoll channels pass the bytes from one
 * socket to the other through a pipe with {@code splice(2)}, never copying them to user space.
 * Netty reads a socket through its receive-buffer allocator, also when splicing, so a counting one
 * (installed by {@link #prepare} before the socket's first read) tells exactly how many bytes went,
 * and when a read round found nothing more after the peer's FIN.
 *
 * <p>Netty's splice has two ways of going wrong that this class steers around: a splice of {@code
 * Integer.MAX_VALUE} bytes never ends, so finite ones are queued, always one ahead so that no byte
 * slips into the channel's ordinary read path between them; and after the FIN a level-triggered
 * socket at its end of input keeps waking the event loop while a splice is queued, so reading stops
 * once the input is drained.
 */
final class KernelSplice {

  /** Told on the sockets' event loop of what the kernel moved. */
  interface Listener {
    void moved(int bytes);

    /** All bytes before the source's FIN have been written to the target. */
    void drained();

    void failed(Throwable cause);
  }

  private static final AttributeKey<Meter> METER =
      AttributeKey.valueOf(KernelSplice.class, "meter");
  // Netty splices Integer.MAX_VALUE bytes forever; one less is a length it counts down.
  private static final int LENGTH = Integer.MAX_VALUE - 1;

  private final AbstractEpollStreamChannel from;
  private final AbstractEpollStreamChannel to;
  private final Listener listener;
  private boolean inputShut;
  private boolean drained;
  private boolean awaitingTarget;

  private KernelSplice(
      AbstractEpollStreamChannel from, AbstractEpollStreamChannel to, Listener listener) {
    this.from = from;
    this.to = to;
    this.listener = listener;
  }

  /**
   * Installs the counting allocator on a native-transport socket that has not been read yet; does
   * nothing elsewhere, and a socket read before stays on the copying path.
   */
  static void prepare(Channel channel) {
    if (!(channel instanceof AbstractEpollStreamChannel) || channel.hasAttr(METER)) {
      return;
    }
    Meter meter = new Meter();
    ChannelConfig config = channel.config();
    RecvByteBufAllocator allocator = config.getRecvByteBufAllocator();
    config.setRecvByteBufAllocator(new CountingAllocator(allocator, meter));
    // A channel makes its read handle once, at its first read: made here, it is the counting one.
    channel.unsafe().recvBufAllocHandle();
    config.setRecvByteBufAllocator(allocator);
    if (meter.installed) {
      channel.attr(METER).set(meter);
    }
  }

  /**
   * Starts moving {@code from}'s bytes to {@code to} in the kernel; null when it cannot (not both
   * prepared epoll channels on one event loop), and the caller goes on copying.
   */
  static KernelSplice start(Channel from, Channel to, Listener listener) {
    Meter meter = from == null ? null : from.attr(METER).get();
    if (meter == null
        || meter.splice != null
        || !(to instanceof AbstractEpollStreamChannel target)
        || to.eventLoop() != from.eventLoop()) {
      return null;
    }
    KernelSplice splice = new KernelSplice((AbstractEpollStreamChannel) from, target, listener);
    try {
      splice.queue();
    } catch (IllegalStateException | IllegalArgumentException e) {
      // An edge-triggered channel, which Netty cannot splice: copied instead.
      return null;
    }
    meter.splice = splice;
    splice.queue();
    // Netty keeps a queued splice after its target closed, and would splice the source's next bytes
    // into the target's closed pipe (a descriptor number the process may have given to another
    // connection's pipe since): a source whose direction has not ended goes down with its target.
    to.closeFuture()
        .addListener(
            f -> {
              if (!splice.drained) {
                HalfClose.closeNow(from);
              }
            });
    return splice;
  }

  /** The source's peer sent its FIN: the direction ends once what came before it has gone. */
  void inputShutDown() {
    inputShut = true;
  }

  private void queue() {
    from.spliceTo(to, LENGTH)
        .addListener(
            f -> {
              if (f.isSuccess()) {
                queue();
              } else if (!(f.cause() instanceof ClosedChannelException)) {
                // A closed channel is reported by its close handler, with the right ending.
                listener.failed(f.cause());
              }
            });
  }

  /**
   * A read round moved nothing: after the FIN, with no splice waiting on a full target (that would
   * have turned auto-read off) and nothing left in the pipe, the input is at its end.
   */
  private void roundEnded(int bytes) {
    if (!inputShut || drained || bytes > 0 || !from.config().isAutoRead()) {
      return;
    }
    ChannelOutboundBuffer pending = to.unsafe().outboundBuffer();
    if (pending != null && !pending.isEmpty()) {
      awaitTarget();
      return;
    }
    drained = true;
    from.config().setAutoRead(false);
    listener.drained();
  }

  /**
   * At its end of input the source is readable at every turn of the event loop, and a finished
   * splice turns reading back on while later ones still wait on a slow target: reading stops until
   * an empty write queued behind them has gone, then looks once more.
   */
  private void awaitTarget() {
    from.config().setAutoRead(false);
    if (awaitingTarget) {
      return;
    }
    awaitingTarget = true;
    ChannelPromise gone = to.newPromise();
    gone.addListener(
        f -> {
          awaitingTarget = false;
          if (f.isSuccess() && !drained) {
            from.config().setAutoRead(true);
          }
        });
    to.unsafe().write(Unpooled.EMPTY_BUFFER, gone);
    to.unsafe().flush();
  }

  /** What the counting handle of one channel reports to. */
  private static final class Meter {
    boolean installed;
    KernelSplice splice;
    int round;

    void read(int bytes) {
      round += bytes;
      if (splice != null) {
        splice.listener.moved(bytes);
      }
    }

    void roundEnded() {
      if (splice != null) {
        splice.roundEnded(round);
      }
    }
  }

  private static final class CountingAllocator implements RecvByteBufAllocator {
    private final RecvByteBufAllocator allocator;
    private final Meter meter;

    CountingAllocator(RecvByteBufAllocator allocator, Meter meter) {
      this.allocator = allocator;
      this.meter = meter;
    }

    @Override
    public Handle newHandle() {
      Handle handle = allocator.newHandle();
      if (!(handle instanceof ExtendedHandle extended)) {
        return handle;
      }
      meter.installed = true;
      return new CountingHandle(extended, meter);
    }
  }

  private static final class CountingHandle extends RecvByteBufAllocator.DelegatingHandle
      implements RecvByteBufAllocator.ExtendedHandle {
    private final Meter meter;

    CountingHandle(RecvByteBufAllocator.ExtendedHandle handle, Meter meter) {
      super(handle);
      this.meter = meter;
    }

    @Override
    public void reset(ChannelConfig config) {
      super.reset(config);
      meter.round = 0;
    }

    @Override
    public void lastBytesRead(int bytes) {
      super.lastBytesRead(bytes);
      if (bytes > 0) {
        meter.read(bytes);
      }
    }

    @Override
    public void readComplete() {
      super.readComplete();
      meter.roundEnded();
    }

    @Override
    public boolean continueReading(UncheckedBooleanSupplier maybeMoreDataSupplier) {
      return ((RecvByteBufAllocator.ExtendedHandle) delegate())
          .continueReading(maybeMoreDataSupplier);
    }
  }
}
