package dev.gatehouse.edge;

import dev.gatehouse.edge.ban.BanList;
import dev.gatehouse.edge.cache.ResponseCache;
import dev.gatehouse.edge.config.EdgeConfig;
import dev.gatehouse.edge.config.EdgeRoute;
import dev.gatehouse.edge.limits.ConnectionCounter;
import dev.gatehouse.edge.metrics.EdgeMetrics;
import dev.gatehouse.edge.proxy.HealthChecker;
import dev.gatehouse.edge.proxy.TargetPool;
import dev.gatehouse.edge.ratelimit.RateLimiter;
import dev.gatehouse.edge.redis.SharedState;
import dev.gatehouse.edge.routing.Generation;
import dev.gatehouse.edge.routing.ProcessState;
import dev.gatehouse.edge.stream.StreamConfig;
import dev.gatehouse.shared.error.ApiError;
import dev.gatehouse.shared.error.ErrorCode;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /admin/reload}: re-reads the config file, checks all of it, and makes the next {@link
 * Generation} of routes, keys, limits, CORS and upstreams, which every event loop picks up for its
 * next request; open connections and requests under way are untouched. What the listeners were
 * started with (addresses, TLS, connection limits, bans, admin, Redis, log, streams) needs a
 * restart: a change there refuses the reload. Unchanged upstreams, limiters and caches carry over
 * with their state; an invalid file changes nothing.
 */
final class EdgeReload {

  private static final Logger log = LoggerFactory.getLogger(EdgeReload.class);

  /** The parts a reload cannot change, by the key an operator would edit. */
  private static final Map<String, Function<EdgeConfig, Object>> FIXED = fixedParts();

  private final Vertx vertx;
  private final Optional<Supplier<EdgeConfig>> reread;
  private final Optional<SharedState> redis;
  private final MeterRegistry registry;
  private final ConnectionCounter connections;
  private final BanList bans;
  private final AtomicReference<Generation> live = new AtomicReference<>();
  private final Map<TargetPool, HealthChecker> checkers = new HashMap<>();

  EdgeReload(
      Vertx vertx,
      EdgeConfig first,
      Optional<Supplier<EdgeConfig>> reread,
      Optional<SharedState> redis,
      MeterRegistry registry,
      ConnectionCounter connections,
      BanList bans) {
    this.vertx = vertx;
    this.reread = reread;
    this.redis = redis;
    this.registry = registry;
    this.connections = connections;
    this.bans = bans;
    live.set(new Generation(1, first, build(first, Optional.empty())));
  }

  Generation current() {
    return live.get();
  }

  /** Starts the health checks of the first generation's upstreams. */
  void startChecks() {
    checkers.values().forEach(HealthChecker::start);
  }

  /** Stops every health check, before the clients they use are closed with Vert.x. */
  void stopChecks() {
    checkers.values().forEach(HealthChecker::stop);
  }

  /** Reads, checks and applies the config file; fails with {@code reload_refused} and its error. */
  Future<JsonObject> reload() {
    if (reread.isEmpty()) {
      return refused("this edge was started without a config file to read again");
    }
    return vertx
        .executeBlocking(() -> reread.get().get(), false)
        .recover(e -> refused(e.getMessage()))
        .compose(this::apply);
  }

  private Future<JsonObject> apply(EdgeConfig next) {
    Generation current = live.get();
    for (Map.Entry<String, Function<EdgeConfig, Object>> part : FIXED.entrySet()) {
      Function<EdgeConfig, Object> value = part.getValue();
      if (!Objects.equals(value.apply(current.config()), value.apply(next))) {
        return refused(part.getKey() + " changed: that needs a restart of the edge");
      }
    }
    Map<TargetPool, HealthChecker> before = new HashMap<>(checkers);
    ProcessState state = build(next, Optional.of(current.state()));
    before.keySet().removeAll(state.pools().values());
    before.forEach(
        (pool, checker) -> {
          checker.stop();
          checkers.remove(pool);
          pool.unbind(registry);
        });
    state
        .pools()
        .forEach(
            (name, pool) -> {
              if (!current.state().pools().containsValue(pool)) {
                pool.bindTo(registry, name);
                checkers.get(pool).start();
              }
            });
    Generation applied = new Generation(current.number() + 1, next, state);
    live.set(applied);
    log.info(
        "configuration reloaded (generation {}): {} routes, upstreams {}",
        applied.number(),
        next.routes().size(),
        next.upstreams().keySet());
    return Future.succeededFuture(summary(applied));
  }

  private ProcessState build(EdgeConfig config, Optional<ProcessState> previous) {
    Map<String, TargetPool> pools = new LinkedHashMap<>();
    config
        .upstreams()
        .forEach(
            (name, upstream) -> {
              TargetPool old = previous.map(p -> p.pools().get(name)).orElse(null);
              if (old != null && old.config().equals(upstream)) {
                pools.put(name, old);
              } else {
                TargetPool pool = new TargetPool(upstream);
                pools.put(name, pool);
                checkers.put(pool, new HealthChecker(vertx, pool));
              }
            });
    Map<String, ResponseCache> caches = new HashMap<>();
    for (EdgeRoute route : config.routes()) {
      route
          .cache()
          .ifPresent(
              c -> {
                ResponseCache old = previous.map(p -> p.caches().get(route.path())).orElse(null);
                caches.put(
                    route.path(),
                    old != null && old.config().equals(c) ? old : new ResponseCache(c));
              });
    }
    Map<String, RateLimiter> limiters = RateLimiters.forRoutes(config, redis);
    previous.ifPresent(p -> keepUnchangedLimiters(p, config, limiters));
    return new ProcessState(
        Map.copyOf(limiters),
        connections,
        bans,
        Map.copyOf(pools),
        Map.copyOf(caches),
        new EdgeMetrics(registry, config.routes(), config.metrics().enabled()));
  }

  /** A route whose limit is unchanged keeps its limiter, and with it the counts so far. */
  private void keepUnchangedLimiters(
      ProcessState previous, EdgeConfig config, Map<String, RateLimiter> limiters) {
    Map<String, Object> oldSpecs = new HashMap<>();
    Generation current = live.get();
    current.config().routes().forEach(r -> r.rateLimit().ifPresent(s -> oldSpecs.put(r.path(), s)));
    for (EdgeRoute route : config.routes()) {
      route
          .rateLimit()
          .filter(spec -> spec.equals(oldSpecs.get(route.path())))
          .ifPresent(spec -> limiters.put(route.path(), previous.limiters().get(route.path())));
    }
  }

  private static JsonObject summary(Generation generation) {
    JsonArray routes = new JsonArray();
    generation.config().routes().forEach(route -> routes.add(route.path()));
    return new JsonObject()
        .put("ok", true)
        .put("generation", generation.number())
        .put("routes", routes)
        .put("upstreams", new JsonArray(List.copyOf(generation.config().upstreams().keySet())));
  }

  private static <T> Future<T> refused(String why) {
    return Future.failedFuture(
        new ApiError(ErrorCode.RELOAD_REFUSED, "Reload refused, nothing changed: " + why));
  }

  private static Map<String, Function<EdgeConfig, Object>> fixedParts() {
    Map<String, Function<EdgeConfig, Object>> fixed = new LinkedHashMap<>();
    fixed.put("listen", c -> List.of(c.host(), c.httpsPort(), c.httpPort(), c.publicHttpsPort()));
    fixed.put("instances", EdgeConfig::instances);
    fixed.put("tls", EdgeConfig::tls);
    fixed.put("acme", EdgeConfig::acmeWebroot);
    fixed.put("limits", EdgeConfig::limits);
    fixed.put(
        "bans",
        c ->
            List.of(
                c.bans().threshold(),
                c.bans().window(),
                c.bans().duration(),
                c.bans().maxTrackedIps(),
                c.bans().syncInterval()));
    fixed.put("admin", EdgeConfig::admin);
    fixed.put("redis", EdgeConfig::redis);
    fixed.put("log", EdgeConfig::log);
    fixed.put("metrics", EdgeConfig::metrics);
    fixed.put("streams", EdgeConfig::streams);
    // Stream listeners hold the pools of their upstreams from start-up.
    fixed.put(
        "upstreams (of a stream)",
        c ->
            c.streams().stream()
                .map(StreamConfig::upstream)
                .distinct()
                .map(name -> c.upstreams().get(name))
                .toList());
    return Collections.unmodifiableMap(fixed);
  }
}
