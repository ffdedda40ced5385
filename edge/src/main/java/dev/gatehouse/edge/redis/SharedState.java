package dev.gatehouse.edge.redis;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Response;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The edge's connection to Redis for state shared between edges. Every call is bounded by the
 * configured timeout; the first failure after a success and the first success after a failure are
 * logged, once each, so an outage is visible without flooding the log.
 */
public final class SharedState {

  private static final Logger log = LoggerFactory.getLogger(SharedState.class);

  private final RedisAPI api;
  private final RedisConfig config;
  private final AtomicBoolean healthy = new AtomicBoolean(true);

  public SharedState(Vertx vertx, RedisConfig config) {
    this.config = config;
    this.api =
        RedisAPI.api(
            Redis.createClient(
                vertx,
                new RedisOptions()
                    .setConnectionString(config.url().orElseThrow())
                    .setMaxPoolSize(16)
                    .setMaxPoolWaiting(1024)));
  }

  /** Whether the last call to Redis succeeded: limits and bans are shared, not local. */
  public boolean shared() {
    return healthy.get();
  }

  public String key(String suffix) {
    return config.keyPrefix() + suffix;
  }

  /** Runs a Lua script; fails on error or after the timeout. */
  public Future<Response> eval(String script, List<String> keys, List<String> args) {
    List<String> call = new ArrayList<>(2 + keys.size() + args.size());
    call.add(script);
    call.add(String.valueOf(keys.size()));
    call.addAll(keys);
    call.addAll(args);
    return watched(api.eval(call));
  }

  public RedisAPI api() {
    return api;
  }

  /** A script bundled under {@code /lua}. */
  public static String script(String name) {
    try (InputStream in = SharedState.class.getResourceAsStream("/lua/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException | NullPointerException e) {
      throw new IllegalStateException("script " + name + " is missing from the jar", e);
    }
  }

  /** Bounds {@code call} by the timeout and records whether Redis answered. */
  public <T> Future<T> watched(Future<T> call) {
    return call.timeout(config.timeout().toMillis(), TimeUnit.MILLISECONDS)
        .onSuccess(
            r -> {
              if (healthy.compareAndSet(false, true)) {
                log.warn(
                    "Redis at {} answers again: shared limits and bans are back",
                    RedisConfig.shown(config.url().orElseThrow()));
              }
            })
        .onFailure(
            e -> {
              if (healthy.compareAndSet(true, false)) {
                log.error(
                    "Redis at {} is unavailable ({}): enforcing limits and bans locally on this edge",
                    RedisConfig.shown(config.url().orElseThrow()),
                    e.toString());
              }
            });
  }
}
