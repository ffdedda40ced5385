package dev.gatehouse.agent.game;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.LineBasedFrameDecoder;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.net.NetSocketInternal;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetSocket;
import java.nio.charset.StandardCharsets;

/**
 * The game-server wire framing: one JSON object per line, UTF-8, each line at most {@link
 * #MAX_LINE} bytes.
 *
 * <pre>
 *   {"id":7,"cmd":"ping"}\n          →
 *                                    ←  {"id":7,"ok":true}\n
 * </pre>
 *
 * <p>Netty's {@link LineBasedFrameDecoder} cuts the stream into lines inside the socket's own
 * pipeline, so a line split across TCP segments, or several lines in one, reach the handler whole
 * and one at a time. This is the only class that touches Vert.x's internal socket API.
 */
public final class JsonLines {

  public static final int MAX_LINE = 64 * 1024;
  private static final Buffer NEWLINE = Buffer.buffer("\n");

  private JsonLines() {}

  /**
   * Delivers each line of {@code socket} to {@code onMessage} as a JSON object; a line that is not
   * a JSON object, is too long or breaks the socket goes to {@code onError} instead.
   */
  public static void install(
      NetSocket socket, Handler<JsonObject> onMessage, Handler<String> onError) {
    NetSocketInternal internal = (NetSocketInternal) socket;
    ChannelPipeline pipeline = internal.channelHandlerContext().pipeline();
    pipeline.addBefore("handler", "json-lines", new LineBasedFrameDecoder(MAX_LINE, true, true));
    internal.messageHandler(
        message -> {
          if (!(message instanceof ByteBuf frame)) {
            return;
          }
          String line;
          try {
            line = frame.toString(StandardCharsets.UTF_8);
          } finally {
            frame.release();
          }
          JsonObject json;
          try {
            json = new JsonObject(line);
          } catch (DecodeException | ClassCastException e) {
            onError.handle("not a JSON object");
            return;
          }
          onMessage.handle(json);
        });
    socket.exceptionHandler(failure -> onError.handle(String.valueOf(failure.getMessage())));
  }

  /** Writes {@code message} as one line. */
  public static Future<Void> write(NetSocket socket, JsonObject message) {
    return socket.write(message.toBuffer().appendBuffer(NEWLINE));
  }
}
