package dev.gatehouse.agent.status;

import com.github.benmanes.caffeine.cache.AsyncLoadingCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.gatehouse.agent.metrics.AgentMetricNames;
import dev.gatehouse.shared.log.RequestContext;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * Serves one read of the status for a TTL; concurrent misses share the read in flight, so a flood
 * of polls makes at most one query per TTL. Failed reads are not kept (Caffeine drops a failed
 * future), and the TTL counts from when the read completed.
 */
final class StatusCache {

  private static final String KEY = "status";

  private final Context context;
  private final AsyncLoadingCache<String, JsonObject> cache;

  StatusCache(Context context, Supplier<Future<JsonObject>> loader, Duration ttl) {
    this.context = context;
    this.cache =
        Caffeine.newBuilder()
            .expireAfterWrite(ttl)
            .maximumSize(1)
            .recordStats()
            .executor(Runnable::run)
            .buildAsync((key, executor) -> loader.get().toCompletionStage().toCompletableFuture());
  }

  /**
   * Polls answered from the cache ({@code hit}) and those that read the database ({@code miss}).
   */
  void bindTo(MeterRegistry registry) {
    FunctionCounter.builder(
            AgentMetricNames.STATUS_CACHE_LOOKUPS, cache, c -> c.synchronous().stats().hitCount())
        .tag("result", "hit")
        .register(registry);
    FunctionCounter.builder(
            AgentMetricNames.STATUS_CACHE_LOOKUPS, cache, c -> c.synchronous().stats().missCount())
        .tag("result", "miss")
        .register(registry);
  }

  /** Forgets the kept constants: the next poll reads the database. */
  long clear() {
    long size = cache.synchronous().estimatedSize();
    cache.synchronous().invalidateAll();
    return size;
  }

  Future<JsonObject> get() {
    // Polls share the read in flight; each goes on under its own request.
    return RequestContext.resumeHere(Future.fromCompletionStage(cache.get(KEY), context));
  }
}
