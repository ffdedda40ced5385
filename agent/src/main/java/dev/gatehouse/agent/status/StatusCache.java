package dev.gatehouse.agent.status;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Serves one read of the status for a TTL and lets concurrent misses share the read in flight, so a
 * flood of polls makes at most one query per TTL. Failures are not kept. Confined to the owning
 * verticle's event loop, hence no locking.
 */
final class StatusCache {

  private final Supplier<Future<JsonObject>> loader;
  private final long ttlNanos;
  private final LongSupplier clock;

  private Future<JsonObject> current;
  private long expiresAt;

  StatusCache(Supplier<Future<JsonObject>> loader, Duration ttl, LongSupplier clock) {
    this.loader = loader;
    this.ttlNanos = ttl.toNanos();
    this.clock = clock;
  }

  Future<JsonObject> get() {
    if (current != null && (!current.isComplete() || clock.getAsLong() - expiresAt < 0)) {
      return current;
    }
    Future<JsonObject> load = loader.get();
    current = load;
    load.onComplete(
        result -> {
          if (result.succeeded()) {
            expiresAt = clock.getAsLong() + ttlNanos;
          } else if (current == load) {
            current = null;
          }
        });
    return load;
  }
}
