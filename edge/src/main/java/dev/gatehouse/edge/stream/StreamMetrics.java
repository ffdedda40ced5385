package dev.gatehouse.edge.stream;

import static dev.gatehouse.edge.metrics.EdgeMetricNames.STREAM_ACTIVE;
import static dev.gatehouse.edge.metrics.EdgeMetricNames.STREAM_BYTES;
import static dev.gatehouse.edge.metrics.EdgeMetricNames.STREAM_CLOSED;
import static dev.gatehouse.edge.metrics.EdgeMetricNames.STREAM_DATAGRAMS_DROPPED;
import static dev.gatehouse.edge.metrics.EdgeMetricNames.STREAM_OPENED;

import dev.gatehouse.shared.stream.Splice;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One stream's meters. Labels are the stream's configured name and protocol and fixed sets (how a
 * connection ended, why a datagram was dropped), never a client's address.
 */
final class StreamMetrics implements Splice.Tally {

  /** The {@code ended} values; a refusal by the agent counts as {@code target_refused}. */
  static final Set<String> ENDINGS =
      Set.of(
          "client_closed",
          "upstream_closed",
          "idle",
          "error",
          "banned",
          "limited",
          "upstream_unavailable",
          "target_refused");

  private final MeterRegistry registry;
  private final String stream;
  private final Tags tags;
  private final Counter opened;
  private final Counter bytesIn;
  private final Counter bytesOut;
  private final AtomicInteger active = new AtomicInteger();

  StreamMetrics(MeterRegistry registry, StreamConfig config) {
    this.registry = registry;
    this.stream = config.name();
    this.tags = Tags.of("stream", config.name(), "protocol", config.protocol().wireName());
    this.opened = registry.counter(STREAM_OPENED, tags);
    this.bytesIn = registry.counter(STREAM_BYTES, tags.and("direction", "in"));
    this.bytesOut = registry.counter(STREAM_BYTES, tags.and("direction", "out"));
    Gauge.builder(STREAM_ACTIVE, active, AtomicInteger::get).tags(tags).register(registry);
  }

  void opened() {
    opened.increment();
    active.incrementAndGet();
  }

  /** Counts one ended connection or session; {@code ended} as in its access-log line. */
  void closed(String ended) {
    active.decrementAndGet();
    String label = ended.startsWith("target refused") ? "target_refused" : ended;
    registry
        .counter(STREAM_CLOSED, tags.and("ended", ENDINGS.contains(label) ? label : "error"))
        .increment();
  }

  void dropped(String reason) {
    registry
        .counter(STREAM_DATAGRAMS_DROPPED, Tags.of("stream", stream, "reason", reason))
        .increment();
  }

  @Override
  public void fromClient(int bytes) {
    bytesIn.increment(bytes);
  }

  @Override
  public void toClient(int bytes) {
    bytesOut.increment(bytes);
  }
}
