package dev.gatehouse.edge.proxy;

import static dev.gatehouse.edge.metrics.EdgeMetricNames.AGENT_EJECTIONS;
import static dev.gatehouse.edge.metrics.EdgeMetricNames.AGENT_IN_FLIGHT;
import static dev.gatehouse.edge.metrics.EdgeMetricNames.AGENT_UP;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.vertx.core.json.JsonArray;
import io.vertx.core.net.SocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The agents of one upstream, shared by every event loop of the process so that health, ejections
 * and outstanding requests are judged once, and the choice among those available now.
 */
public final class TargetPool {

  private final UpstreamConfig config;
  private final List<Target> targets;
  private final AtomicInteger next = new AtomicInteger();
  private final List<Meter> meters = new ArrayList<>();

  public TargetPool(UpstreamConfig config) {
    this.config = config;
    this.targets =
        config.targets().stream()
            .map(
                t ->
                    new Target(
                        SocketAddress.inetSocketAddress(t.port(), t.host()),
                        config.healthCheck(),
                        config.ejection()))
            .toList();
  }

  public UpstreamConfig config() {
    return config;
  }

  List<Target> targets() {
    return targets;
  }

  /** An available target not in {@code tried}, by the upstream's balance rule. */
  Optional<Target> pick(Set<Target> tried) {
    long now = System.nanoTime();
    int start = Math.floorMod(next.getAndIncrement(), targets.size());
    Target best = null;
    for (int i = 0; i < targets.size(); i++) {
      Target candidate = targets.get((start + i) % targets.size());
      if (tried.contains(candidate) || !candidate.available(now)) {
        continue;
      }
      if (config.balance() == UpstreamConfig.Balance.ROUND_ROBIN) {
        return Optional.of(candidate);
      }
      if (best == null || candidate.outstanding() < best.outstanding()) {
        best = candidate;
      }
    }
    return Optional.ofNullable(best);
  }

  /** The host of an available agent whose host is not in {@code tried}, for a stream. */
  public Optional<String> pickHost(Set<String> tried) {
    Set<Target> skip = new java.util.HashSet<>();
    targets.stream().filter(t -> tried.contains(t.address().host())).forEach(skip::add);
    return pick(skip).map(t -> t.address().host());
  }

  /** A stream could not reach the agent on {@code host}: counts as a failed request to it. */
  public void streamFailed(String host) {
    long now = System.nanoTime();
    targets.stream().filter(t -> t.address().host().equals(host)).forEach(t -> t.failed(now));
  }

  /** A stream now runs through the agent on {@code host}: it counts as outstanding there. */
  public void streamBegan(String host) {
    targets.stream().filter(t -> t.address().host().equals(host)).forEach(Target::begin);
  }

  /** A stream through the agent on {@code host} ended. */
  public void streamEnded(String host) {
    targets.stream().filter(t -> t.address().host().equals(host)).forEach(Target::end);
  }

  /** How many of its agents take requests now. */
  public int available() {
    long now = System.nanoTime();
    return (int) targets.stream().filter(target -> target.available(now)).count();
  }

  public int size() {
    return targets.size();
  }

  /** Each agent's state, ejections and requests in flight, labelled by upstream and address. */
  public void bindTo(MeterRegistry registry, String upstream) {
    for (Target target : targets) {
      Tags tags =
          Tags.of(
              "upstream",
              upstream,
              "target",
              target.address().host() + ":" + target.address().port());
      meters.add(
          Gauge.builder(AGENT_UP, target, t -> t.available(System.nanoTime()) ? 1 : 0)
              .tags(tags)
              .register(registry));
      meters.add(
          FunctionCounter.builder(AGENT_EJECTIONS, target, Target::ejections)
              .tags(tags)
              .register(registry));
      meters.add(
          Gauge.builder(AGENT_IN_FLIGHT, target, Target::outstanding)
              .tags(tags)
              .register(registry));
    }
  }

  /**
   * Removes this pool's meters, once a reload has replaced it: a pool that took over the same names
   * registers its own, which the registry would otherwise answer with these, frozen.
   */
  public void unbind(MeterRegistry registry) {
    meters.forEach(registry::remove);
    meters.clear();
  }

  /** Lets every ejected agent take requests again; returns how many were ejected. */
  public int readmitAll() {
    long now = System.nanoTime();
    int ejected = (int) targets.stream().filter(t -> !t.available(now)).count();
    targets.forEach(Target::readmit);
    return ejected;
  }

  /** Every target's state, for the admin listener. */
  public JsonArray toJson() {
    long now = System.nanoTime();
    JsonArray list = new JsonArray();
    targets.forEach(target -> list.add(target.toJson(now)));
    return list;
  }
}
