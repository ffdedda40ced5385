package dev.gatehouse.edge.admin;

import dev.gatehouse.edge.cache.ResponseCache;
import dev.gatehouse.edge.proxy.TargetPool;
import dev.gatehouse.edge.routing.Generation;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.function.Supplier;

/** What an operator may restart on the edge, and nothing else. */
final class EdgeComponents {

  private EdgeComponents() {}

  static Map<String, Supplier<Future<JsonObject>>> of(Supplier<Generation> live) {
    return Map.of(
        "edge-cache",
        () ->
            Future.succeededFuture(
                new JsonObject()
                    .put(
                        "dropped",
                        live.get().state().caches().values().stream()
                            .mapToLong(ResponseCache::clear)
                            .sum())),
        "edge-upstreams",
        () ->
            Future.succeededFuture(
                new JsonObject()
                    .put(
                        "readmitted",
                        live.get().state().pools().values().stream()
                            .mapToInt(TargetPool::readmitAll)
                            .sum())));
  }
}
