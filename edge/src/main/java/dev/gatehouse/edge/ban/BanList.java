package dev.gatehouse.edge.ban;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
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
import java.util.TreeMap;

/**
 * Strikes and bans per client IP, shared by all edge instances. Both maps are bounded and expire on
 * their own: strikes a window after an IP's first strike, bans when they run out.
 *
 * <p>With Redis, strikes are counted there and a ban reached on any edge is read by every edge
 * within a sync interval; checks stay local, so a request never waits on Redis for its ban check.
 * Without Redis, or while it is down, this edge counts and bans on its own.
 */
public final class BanList {

  private record Strikes(Instant since, int count) {}

  static final String STRIKE_SCRIPT = SharedState.script("ban-strike.lua");

  private final BanConfig config;
  private final Clock clock;
  private final Optional<SharedState> shared;
  private final Cache<String, Strikes> strikes;
  private final Cache<String, Instant> bans;

  public BanList(BanConfig config, Clock clock, Optional<SharedState> shared) {
    this.config = config;
    this.clock = clock;
    this.shared = shared;
    this.strikes =
        Caffeine.newBuilder()
            .maximumSize(config.maxTrackedIps())
            .expireAfterWrite(config.window())
            .build();
    this.bans =
        Caffeine.newBuilder()
            .maximumSize(config.maxTrackedIps())
            .expireAfter(
                new Expiry<String, Instant>() {
                  @Override
                  public long expireAfterCreate(String ip, Instant until, long now) {
                    return Math.max(0, until.toEpochMilli() - clock.millis()) * 1_000_000L;
                  }

                  @Override
                  public long expireAfterUpdate(String ip, Instant until, long now, long current) {
                    return expireAfterCreate(ip, until, now);
                  }

                  @Override
                  public long expireAfterRead(String ip, Instant until, long now, long current) {
                    return current;
                  }
                })
            .build();
  }

  /** When {@code ip}'s ban ends, if it is banned now. */
  public Optional<Instant> bannedUntil(String ip) {
    Instant until = bans.getIfPresent(ip);
    return until != null && until.isAfter(clock.instant()) ? Optional.of(until) : Optional.empty();
  }

  /** Counts one rejection against {@code ip}; the one that reaches the threshold bans it. */
  public void strike(String ip) {
    if (shared.isEmpty()) {
      strikeLocally(ip);
      return;
    }
    SharedState redis = shared.get();
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
                bans.put(ip, Instant.ofEpochMilli(banEnd.toLong()));
              }
            })
        .onFailure(e -> strikeLocally(ip));
  }

  /** Reads every edge's current bans from Redis; does nothing without Redis. */
  public Future<Void> sync() {
    if (shared.isEmpty()) {
      return Future.succeededFuture();
    }
    SharedState redis = shared.get();
    String now = String.valueOf(clock.millis());
    return redis
        .watched(
            redis
                .api()
                .zrangebyscore(
                    List.of(
                        redis.key("bans"),
                        "(" + now,
                        "+inf",
                        "WITHSCORES",
                        "LIMIT",
                        "0",
                        String.valueOf(config.maxTrackedIps()))))
        .map(
            reply -> {
              replaceWith(toBans(reply));
              return null;
            });
  }

  private void replaceWith(Map<String, Instant> current) {
    bans.asMap().keySet().retainAll(current.keySet());
    bans.putAll(current);
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

  private void strikeLocally(String ip) {
    Instant now = clock.instant();
    Strikes updated =
        strikes
            .asMap()
            .compute(
                ip,
                (key, old) ->
                    old == null || old.since().plus(config.window()).isBefore(now)
                        ? new Strikes(now, 1)
                        : new Strikes(old.since(), old.count() + 1));
    if (updated.count() >= config.threshold()) {
      strikes.invalidate(ip);
      bans.put(ip, now.plus(config.duration()));
    }
  }

  /** Lifts a ban, on every edge in shared mode; false when {@code ip} was not banned here. */
  public boolean lift(String ip) {
    shared.ifPresent(redis -> redis.watched(redis.api().zrem(List.of(redis.key("bans"), ip))));
    return bans.asMap().remove(ip) != null;
  }

  /** Current bans, by IP. */
  public Map<String, Instant> current() {
    Instant now = clock.instant();
    Map<String, Instant> out = new TreeMap<>();
    bans.asMap()
        .forEach(
            (ip, until) -> {
              if (until.isAfter(now)) {
                out.put(ip, until);
              }
            });
    return out;
  }
}
