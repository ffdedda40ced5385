package dev.gatehouse.edge.admin.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.gatehouse.edge.config.AdminAuthConfig;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Failed logins counted per client IP and per user name: {@code max_failures} within {@code window}
 * locks that IP or name out for {@code lockout}, whatever password comes next. Bounded: the oldest
 * counters go first when {@link #MAX_TRACKED} are kept.
 */
public final class LoginGuard {

  static final int MAX_TRACKED = 10_000;

  private record Failures(Instant since, int count, Instant lockedUntil) {}

  private final AdminAuthConfig config;
  private final Clock clock;
  private final Cache<String, Failures> failures;

  public LoginGuard(AdminAuthConfig config, Clock clock) {
    this.config = config;
    this.clock = clock;
    this.failures =
        Caffeine.newBuilder()
            .maximumSize(MAX_TRACKED)
            .expireAfterWrite(config.failureWindow().plus(config.lockout()))
            .build();
  }

  /** How long {@code ip} or {@code user} is still locked out, if it is. */
  public Optional<Duration> lockedFor(String ip, String user) {
    Instant now = clock.instant();
    return Stream.of(ipKey(ip), userKey(user))
        .map(failures::getIfPresent)
        .filter(f -> f != null && f.lockedUntil().isAfter(now))
        .map(f -> Duration.between(now, f.lockedUntil()))
        .max(Duration::compareTo);
  }

  public void failed(String ip, String user) {
    count(ipKey(ip));
    count(userKey(user));
  }

  public void succeeded(String ip, String user) {
    failures.invalidate(ipKey(ip));
    failures.invalidate(userKey(user));
  }

  private void count(String key) {
    Instant now = clock.instant();
    failures
        .asMap()
        .compute(
            key,
            (k, old) -> {
              Failures next =
                  old == null || old.since().plus(config.failureWindow()).isBefore(now)
                      ? new Failures(now, 1, Instant.EPOCH)
                      : new Failures(old.since(), old.count() + 1, old.lockedUntil());
              return next.count() >= config.maxFailures()
                  ? new Failures(next.since(), next.count(), now.plus(config.lockout()))
                  : next;
            });
  }

  private static String ipKey(String ip) {
    return "ip " + ip;
  }

  private static String userKey(String user) {
    return "user " + user;
  }
}
