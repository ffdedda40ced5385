package dev.gatehouse.edge.metrics;

import dev.gatehouse.edge.ban.BanList;
import dev.gatehouse.edge.limits.ConnectionCounter;
import dev.gatehouse.edge.proxy.TargetPool;
import dev.gatehouse.edge.redis.SharedState;
import dev.gatehouse.shared.log.BatchingLineAppender;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.Optional;

/** The edge's gauges over its shared state: pools, open connections, bans, Redis. */
public final class EdgeGauges {

  private EdgeGauges() {}

  public static void bind(
      MeterRegistry registry,
      Map<String, TargetPool> pools,
      ConnectionCounter connections,
      BanList bans,
      Optional<SharedState> redis) {
    pools.forEach((name, pool) -> pool.bindTo(registry, name));
    Gauge.builder(EdgeMetricNames.CONNECTIONS_OPEN, connections, ConnectionCounter::open)
        .register(registry);
    FunctionCounter.builder(
            EdgeMetricNames.ACCESS_LOG_DROPPED, connections, c -> BatchingLineAppender.dropped())
        .register(registry);
    Gauge.builder(EdgeMetricNames.BANS_ACTIVE, bans, b -> b.current().size()).register(registry);
    redis.ifPresent(
        r ->
            Gauge.builder(EdgeMetricNames.REDIS_SHARED, r, s -> s.shared() ? 1 : 0)
                .register(registry));
  }
}
