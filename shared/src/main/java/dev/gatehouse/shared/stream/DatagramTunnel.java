package dev.gatehouse.shared.stream;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;
import io.vertx.core.parsetools.RecordParser;

/**
 * Datagrams carried over one TCP connection, each as a length-prefixed frame:
 *
 * <pre>
 *   +--------+--------+------------------------+
 *   | length (u16, BE)|  payload (length bytes) |   … next frame
 *   +--------+--------+------------------------+
 * </pre>
 *
 * <p>TCP keeps the frames in order and whole; what UDP may do instead is lose them, so a frame that
 * finds the connection's write queue full is dropped and counted rather than queued.
 */
public final class DatagramTunnel {

  /** The largest UDP payload over IPv4; anything longer cannot be a datagram. */
  public static final int MAX_DATAGRAM = 65_507;

  private static final int HEADER = 2;

  private final NetSocket socket;
  private final RecordParser parser;
  private long dropped;

  /**
   * Reads frames from {@code socket} into {@code onDatagram}; the socket's own handler is replaced
   * and it is resumed.
   */
  public DatagramTunnel(NetSocket socket, Handler<Buffer> onDatagram) {
    this.socket = socket;
    this.parser = RecordParser.newFixed(HEADER);
    boolean[] header = {true};
    parser.handler(
        record -> {
          if (!header[0]) {
            header[0] = true;
            parser.fixedSizeMode(HEADER);
            onDatagram.handle(record);
            return;
          }
          int length = record.getUnsignedShort(0);
          if (length == 0) {
            onDatagram.handle(Buffer.buffer());
            return;
          }
          header[0] = false;
          parser.fixedSizeMode(length);
        });
    socket.handler(parser);
  }

  /** Feeds bytes that arrived before the tunnel took over the socket. */
  public void feed(Buffer early) {
    if (early.length() > 0) {
      parser.handle(early);
    }
  }

  /** Sends one datagram; false when it was dropped (too long, or the connection is backed up). */
  public boolean send(Buffer datagram) {
    if (datagram.length() > MAX_DATAGRAM || socket.writeQueueFull()) {
      dropped++;
      return false;
    }
    socket.write(
        Buffer.buffer(HEADER + datagram.length())
            .appendUnsignedShort(datagram.length())
            .appendBuffer(datagram));
    return true;
  }

  /** Datagrams this side did not send. */
  public long dropped() {
    return dropped;
  }
}
