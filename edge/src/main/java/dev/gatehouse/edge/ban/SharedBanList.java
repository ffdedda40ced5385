package dev.gatehouse.edge.ban;

import dev.gatehouse.edge.redis.SharedState;
import io.vertx.core.Future;
import io.vertx.redis.client.Response;
import io.vertx.redis.client.ResponseType;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Strikes counted in Redis, so that a ban reached on any edge is read by every edge within a sync
 * interval. Checks stay in the local list, so a request never waits on Redis for its ban check;
 * while Redis is down this edge counts and bans on its own.
 */
public final class SharedBanList implements BanList {

  static final String STRIKE_SCRIPT = SharedState.script("ban-strike.lua");

  private final SharedState redis;
  private final BanConfig config;
  private final Clock clock;
  private final LocalBanList local;

  public SharedBanList(SharedState redis, BanConfig config, Clock clock, LocalBanList local) {
    this.redis = redis;
    this.config = config;
    this.clock = clock;
    this.local = local;
  }

  @Override
  public Optional<Instant> bannedUntil(String ip) {
    return local.bannedUntil(ip);
  }

  @Override
  public void strike(String ip) {
    redis
        .eval(
            STRIKE_SCRIPT,
            List.of(redis.key("strikes:" + ip), redis.key("bans")),
            List.of(
                ip,
                String.valueOf(config.threshold()),
                String.valueOf(config.window().toMillis()),
                String.valueOf(config.duration().toMillis())))
        .onSuccess(
            banEnd -> {
              if (banEnd.toLong() > 0) {
                local.ban(ip, Instant.ofEpochMilli(banEnd.toLong()));
              }
            })
        .onFailure(e -> local.strike(ip));
  }

  @Override
  public boolean lift(String ip) {
    redis.watched(redis.api().zrem(List.of(redis.key("bans"), ip)));
    return local.lift(ip);
  }

  @Override
  public Map<String, Instant> current() {
    return local.current();
  }

  /** Reads every edge's current bans from Redis. */
  @Override
  public Future<Void> sync() {
    String now = String.valueOf(clock.millis());
    List<String> query =
        List.of(
            redis.key("bans"),
            "(" + now,
            "+inf",
            "WITHSCORES",
            "LIMIT",
            "0",
            String.valueOf(config.maxTrackedIps()));
    return redis
        .watched(redis.api().zrangebyscore(query))
        .map(
            reply -> {
              local.replaceWith(toBans(reply));
              return null;
            });
  }

  /** Reads ZRANGEBYSCORE WITHSCORES in either reply shape: flat (RESP2) or pairs (RESP3). */
  private static Map<String, Instant> toBans(Response reply) {
    Map<String, Instant> out = new HashMap<>();
    for (int i = 0; i < reply.size(); i++) {
      Response item = reply.get(i);
      if (item.type() == ResponseType.MULTI) {
        out.put(item.get(0).toString(), Instant.ofEpochMilli(item.get(1).toDouble().longValue()));
      } else {
        out.put(item.toString(), Instant.ofEpochMilli(reply.get(++i).toDouble().longValue()));
      }
    }
    return out;
  }
}
