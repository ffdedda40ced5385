package dev.gatehouse.edge.proxy;

import io.vertx.core.json.JsonArray;
import io.vertx.core.net.SocketAddress;
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

  /** Every target's state, for the admin listener. */
  public JsonArray toJson() {
    long now = System.nanoTime();
    JsonArray list = new JsonArray();
    targets.forEach(target -> list.add(target.toJson(now)));
    return list;
  }
}
