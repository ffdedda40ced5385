package dev.gatehouse.edge.ban;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Executor;

/**
 * Strikes and bans counted in this process. Both maps are bounded and expire on their own: strikes
 * a window after an IP's first strike, bans when they run out.
 */
public final class LocalBanList implements BanList {

  private record Strikes(Instant since, int count) {}

  // Upkeep (expiry, eviction) on the thread that asked: it is a few steps, and handing it to a
  // pool thread would wake that thread for nearly every request.
  private static final Executor SAME_THREAD = Runnable::run;

  private final BanConfig config;
  private final Clock clock;
  private final Cache<String, Strikes> strikes;
  private final Cache<String, Instant> bans;

  public LocalBanList(BanConfig config, Clock clock) {
    this.config = config;
    this.clock = clock;
    this.strikes =
        Caffeine.newBuilder()
            .maximumSize(config.maxTrackedIps())
            .expireAfterWrite(config.window())
            .executor(SAME_THREAD)
            .build();
    this.bans =
        Caffeine.newBuilder()
            .maximumSize(config.maxTrackedIps())
            .expireAfter(new UntilBanEnds(clock))
            .executor(SAME_THREAD)
            .build();
  }

  @Override
  public Optional<Instant> bannedUntil(String ip) {
    Instant until = bans.getIfPresent(ip);
    return until != null && until.isAfter(clock.instant()) ? Optional.of(until) : Optional.empty();
  }

  @Override
  public void strike(String ip) {
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

  @Override
  public boolean lift(String ip) {
    return bans.asMap().remove(ip) != null;
  }

  @Override
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

  /** Records a ban decided elsewhere (another edge, through Redis). */
  void ban(String ip, Instant until) {
    bans.put(ip, until);
  }

  /** Makes the bans known here exactly {@code current}. */
  void replaceWith(Map<String, Instant> current) {
    bans.asMap().keySet().retainAll(current.keySet());
    bans.putAll(current);
  }

  private record UntilBanEnds(Clock clock) implements Expiry<String, Instant> {

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
  }
}
