package dev.gatehouse.edge.accesslog;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.gatehouse.shared.error.ApiError;
import dev.gatehouse.shared.log.LogTime;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.Optional;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One line of the access log, whichever part of the edge answered the request: written as one JSON
 * object to {@code gatehouse.access}, which the logging setup writes bare. {@code listener} is set
 * for a request that did not come through the HTTPS listener's routes (the port-80 listener).
 * {@code completed}: the whole response was written, not cut off by a closed connection.
 */
record AccessLine(
    String requestId,
    String clientIp,
    String method,
    String path,
    int status,
    long bytesIn,
    long bytesOut,
    long durationNanos,
    Optional<String> upstream,
    OptionalLong upstreamNanos,
    Optional<String> key,
    Optional<ApiError> error,
    boolean completed,
    Optional<String> listener) {

  private static final Logger log = LoggerFactory.getLogger("gatehouse.access");
  private static final ThreadLocal<LineWriter> WRITERS = ThreadLocal.withInitial(LineWriter::new);

  void write() {
    log.info(json());
  }

  String json() {
    LineWriter writer = WRITERS.get();
    JsonGenerator line = writer.json;
    boolean whole = false;
    // Field by field with Jackson's streaming writer (escaping included): one line per request,
    // and a JsonObject would build a map only to encode it.
    try {
      line.writeStartObject();
      line.writeStringField("time", LogTime.format(System.currentTimeMillis()));
      line.writeStringField("request_id", requestId);
      line.writeStringField("client_ip", clientIp);
      line.writeStringField("method", method);
      line.writeStringField("path", path);
      line.writeNumberField("status", status);
      line.writeNumberField("bytes_in", bytesIn);
      line.writeNumberField("bytes_out", bytesOut);
      line.writeFieldName("duration_ms");
      line.writeNumber(millis(durationNanos));
      if (upstream.isPresent()) {
        line.writeStringField("upstream", upstream.get());
      }
      if (upstreamNanos.isPresent()) {
        line.writeFieldName("upstream_ms");
        line.writeNumber(millis(upstreamNanos.getAsLong()));
      }
      if (key.isPresent()) {
        line.writeStringField("key", key.get());
      }
      if (error.isPresent()) {
        line.writeStringField("rejected_by", error.get().code().code());
      }
      if (!completed) {
        line.writeBooleanField("aborted", true);
      }
      if (listener.isPresent()) {
        line.writeStringField("listener", listener.get());
      }
      line.writeEndObject();
      line.flush();
      whole = true;
      return writer.text.toString();
    } catch (IOException e) {
      throw new UncheckedIOException("writing an access line to memory failed", e);
    } finally {
      writer.done(whole);
    }
  }

  /**
   * {@code nanos} as milliseconds to the microsecond, a JSON number without trailing zeros ({@code
   * 1.234}, {@code 0.05}, {@code 12}): formatting a double took a quarter of the line's time, for
   * digits below the microsecond that nobody reads.
   */
  static String millis(long nanos) {
    long micros = Math.max(0, (nanos + 500) / 1000);
    long whole = micros / 1000;
    int fraction = (int) (micros % 1000);
    if (fraction == 0) {
      return Long.toString(whole);
    }
    StringBuilder text = new StringBuilder(24).append(whole).append('.');
    if (fraction < 100) {
      text.append('0');
    }
    if (fraction < 10) {
      text.append('0');
    }
    text.append(fraction);
    int end = text.length();
    while (text.charAt(end - 1) == '0') {
      end--;
    }
    text.setLength(end);
    return text.toString();
  }

  /**
   * One generator per thread, kept open and writing one top-level object per line into a text
   * emptied after each: making and closing a generator per line cost a seventh of the line.
   */
  private static final class LineWriter extends Writer {

    private static final JsonFactory JSON = new JsonFactory();

    /** Past this a line was unusual (a long path, escaped): its text is not kept for the next. */
    private static final int KEPT_CHARS = 16 * 1024;

    final StringBuilder text = new StringBuilder(512);
    final JsonGenerator json;

    LineWriter() {
      try {
        // Lines are separated by the log writer, not by the generator.
        json = JSON.createGenerator(this).setRootValueSeparator(null);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    /**
     * Empties the text for the next line. A writer whose line broke off (its generator may be left
     * inside an object) or grew past {@link #KEPT_CHARS} is dropped; the thread makes a new one.
     */
    void done(boolean whole) {
      text.setLength(0);
      if (!whole || text.capacity() > KEPT_CHARS) {
        WRITERS.remove();
      }
    }

    @Override
    public void write(char[] chars, int offset, int length) {
      text.append(chars, offset, length);
    }

    @Override
    public void write(String chars, int offset, int length) {
      text.append(chars, offset, offset + length);
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  }
}
