package dev.gatehouse.shared.stream;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;

/**
 * The first {@code \n}-terminated line of a socket and whatever arrived after it, read before the
 * socket is spliced. The socket is left paused, with no handlers, for the splice to take over.
 */
public record FirstLine(String line, Buffer rest) {

  /** Fails when the line is longer than {@code maxBytes} or the socket closes before it ends. */
  public static Future<FirstLine> read(NetSocket socket, int maxBytes) {
    Promise<FirstLine> promise = Promise.promise();
    Buffer seen = Buffer.buffer();
    socket.handler(
        chunk -> {
          seen.appendBuffer(chunk);
          int end = indexOfNewline(seen);
          if (end < 0 && seen.length() <= maxBytes) {
            return;
          }
          socket.pause();
          socket.handler(null);
          socket.endHandler(null);
          if (end < 0 || end > maxBytes) {
            promise.tryFail("first line longer than " + maxBytes + " bytes");
          } else {
            String line = seen.getString(0, end).strip();
            promise.tryComplete(new FirstLine(line, seen.getBuffer(end + 1, seen.length())));
          }
        });
    socket.endHandler(v -> promise.tryFail("closed before the first line ended"));
    socket.closeHandler(v -> promise.tryFail("closed before the first line ended"));
    return promise.future();
  }

  private static int indexOfNewline(Buffer buffer) {
    for (int i = 0; i < buffer.length(); i++) {
      if (buffer.getByte(i) == '\n') {
        return i;
      }
    }
    return -1;
  }
}
