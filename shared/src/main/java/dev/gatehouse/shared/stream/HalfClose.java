package dev.gatehouse.shared.stream;

import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.DuplexChannel;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.internal.net.NetSocketInternal;
import io.vertx.core.net.NetSocket;

/**
 * Shutting down one direction of a TCP connection, which {@code NetSocket} does not offer (its
 * {@code end()} closes both): Netty's {@link DuplexChannel} under the socket does, once the channel
 * allows half-closure, in which case a peer's FIN arrives as a {@link ChannelInputShutdownEvent}
 * instead of closing the channel. With {@link KernelSplice}, the only classes here that reach under
 * the Vert.x socket.
 */
public final class HalfClose {

  private HalfClose() {}

  /**
   * Lets a FIN from the peer end only its input; call it as soon as the socket exists, before the
   * peer could have sent one. False when the socket cannot (not a plain duplex TCP channel).
   */
  public static boolean allow(NetSocket socket) {
    Channel channel = channel(socket);
    if (!(channel instanceof DuplexChannel)) {
      return false;
    }
    channel.config().setOption(ChannelOption.ALLOW_HALF_CLOSURE, true);
    return true;
  }

  /** Runs {@code action} when the peer has shut down its output, also if it already had. */
  static void onInputShutdown(NetSocket socket, Runnable action) {
    ((NetSocketInternal) socket)
        .eventHandler(
            event -> {
              if (event instanceof ChannelInputShutdownEvent) {
                action.run();
              }
            });
    if (((DuplexChannel) channel(socket)).isInputShutdown()) {
      action.run();
    }
  }

  /** Sends a FIN to the peer; what was written before goes out first. */
  static Future<Void> shutdownOutput(NetSocket socket) {
    Promise<Void> promise = Promise.promise();
    ((DuplexChannel) channel(socket))
        .shutdownOutput()
        .addListener(
            f -> {
              if (f.isSuccess()) {
                promise.complete();
              } else {
                promise.fail(f.cause());
              }
            });
    return promise.future();
  }

  /**
   * Closes {@code socket} at once, dropping what is still queued for its peer: a close through the
   * pipeline, as {@code end()} and {@code close()} do, waits for bytes a peer may never read.
   */
  static void closeNow(NetSocket socket) {
    Channel channel = channel(socket);
    if (channel == null) {
      socket.close();
    } else {
      closeNow(channel);
    }
  }

  static void closeNow(Channel channel) {
    if (channel.isOpen()) {
      channel.unsafe().close(channel.voidPromise());
    }
  }

  /** The Netty channel under {@code socket}, or null when it has none. */
  static Channel channel(NetSocket socket) {
    return socket instanceof NetSocketInternal internal
        ? internal.channelHandlerContext().channel()
        : null;
  }
}
