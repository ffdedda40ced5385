package dev.gatehouse.shared.testing;

import static dev.gatehouse.shared.testing.Await.result;

import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;
import java.nio.charset.StandardCharsets;

/** What a plain-HTTP listener answers a client that starts HTTP/2 with prior knowledge. */
public final class CleartextHttp2 {

  private CleartextHttp2() {}

  /**
   * Sends the HTTP/2 connection preface and an empty SETTINGS frame to {@code port} on loopback and
   * returns all the listener sent until it closed, as ISO-8859-1 text. A listener speaking HTTP/2
   * answers with its own SETTINGS frame, in binary, and keeps the connection open.
   */
  public static String answer(Vertx vertx, int port) {
    byte[] preface = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    byte[] settings = {0, 0, 0, 4, 0, 0, 0, 0, 0};
    Buffer answer = Buffer.buffer();
    Promise<Void> closed = Promise.promise();
    NetSocket socket = result(vertx.createNetClient().connect(port, "127.0.0.1"));
    socket.handler(answer::appendBuffer).closeHandler(v -> closed.tryComplete());
    result(socket.write(Buffer.buffer(preface).appendBytes(settings)));
    result(closed.future());
    return answer.toString(StandardCharsets.ISO_8859_1);
  }
}
