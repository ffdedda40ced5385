package dev.gatehouse.edge.stream;

import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One JSON access-log line per closed connection or ended UDP session of a stream. */
final class StreamAccessLog {

  private static final Logger access = LoggerFactory.getLogger("gatehouse.access");

  private final String stream;

  StreamAccessLog(String stream) {
    this.stream = stream;
  }

  /** {@code started} is its {@code System.nanoTime()} at the start, or 0 when refused at once. */
  void line(String ip, String agent, long bytesIn, long bytesOut, long started, String ended) {
    access.info(json(ip, agent, bytesIn, bytesOut, started, ended).encode());
  }

  /** A UDP session's line: bytes are payload bytes, {@code dropped} the datagrams not carried. */
  void session(
      String ip,
      String agent,
      long bytesIn,
      long bytesOut,
      long started,
      String ended,
      long dropped) {
    access.info(
        json(ip, agent, bytesIn, bytesOut, started, ended).put("dropped", dropped).encode());
  }

  private JsonObject json(
      String ip, String agent, long bytesIn, long bytesOut, long started, String ended) {
    return new JsonObject()
        .put("type", "stream")
        .put("stream", stream)
        .put("client_ip", ip)
        .put("agent", agent)
        .put("bytes_in", bytesIn)
        .put("bytes_out", bytesOut)
        .put("duration_ms", started == 0 ? 0 : (System.nanoTime() - started) / 1_000_000)
        .put("ended", ended);
  }
}
