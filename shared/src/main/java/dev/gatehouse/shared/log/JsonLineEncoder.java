package dev.gatehouse.shared.log;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.encoder.EncoderBase;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;

/**
 * One JSON shape for every line of edge and agent: {@code time} (ISO-8601), {@code level}, {@code
 * logger}, {@code message}, and {@code request_id} when the line belongs to a request (the MDC key
 * {@value #REQUEST_ID}). An access line is already a JSON object with its own {@code time} and
 * {@code request_id}; it keeps its fields and gains the other three, so {@code grep <id>} or {@code
 * jq 'select(.request_id == ...)'} finds every line of one request in both processes.
 */
public final class JsonLineEncoder extends EncoderBase<ILoggingEvent> {

  public static final String REQUEST_ID = "request_id";

  private static final byte[] NO_BYTES = new byte[0];

  private record AccessHead(String logger, Level level, byte[] bytes) {}

  private volatile AccessHead accessHead = new AccessHead("", Level.OFF, NO_BYTES);

  @Override
  public byte[] headerBytes() {
    return NO_BYTES;
  }

  @Override
  public byte[] footerBytes() {
    return NO_BYTES;
  }

  @Override
  public byte[] encode(ILoggingEvent event) {
    String message = event.getFormattedMessage();
    if (event.getLoggerName().endsWith(".access") && message.startsWith("{")) {
      return accessLine(event, message);
    }
    return (line(event, message) + "\n").getBytes(StandardCharsets.UTF_8);
  }

  private byte[] accessLine(ILoggingEvent event, String fields) {
    // Spliced rather than parsed: access lines are the hot path, and already valid JSON. Their
    // head is the same on every line of a logger and level: encoded once, not per line; the line
    // is put together in the one array that is written.
    AccessHead head = accessHead;
    if (!head.logger().equals(event.getLoggerName()) || head.level() != event.getLevel()) {
      String encoded =
          new JsonObject()
              .put("level", event.getLevel().toString())
              .put("logger", event.getLoggerName())
              .put("message", "access")
              .encode();
      head =
          new AccessHead(
              event.getLoggerName(),
              event.getLevel(),
              (encoded.substring(0, encoded.length() - 1) + ",").getBytes(StandardCharsets.UTF_8));
      accessHead = head;
    }
    byte[] rest = fields.getBytes(StandardCharsets.UTF_8); // its '{' is replaced by the head
    byte[] line = new byte[head.bytes().length + rest.length];
    System.arraycopy(head.bytes(), 0, line, 0, head.bytes().length);
    System.arraycopy(rest, 1, line, head.bytes().length, rest.length - 1);
    line[line.length - 1] = '\n';
    return line;
  }

  private static String line(ILoggingEvent event, String message) {
    JsonObject line =
        new JsonObject()
            .put("time", LogTime.format(event.getTimeStamp()))
            .put("level", event.getLevel().toString())
            .put("logger", event.getLoggerName())
            .put("message", message);
    String requestId = event.getMDCPropertyMap().get(REQUEST_ID);
    if (requestId != null) {
      line.put(REQUEST_ID, requestId);
    }
    IThrowableProxy error = event.getThrowableProxy();
    if (error != null) {
      line.put("error", error.getClassName() + ": " + error.getMessage());
    }
    return line.encode();
  }
}
