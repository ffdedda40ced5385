package dev.gatehouse.edge.ban;

import dev.gatehouse.edge.redis.SharedState;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * Strikes and bans per client IP, shared by all event loops of an edge: in this process ({@link
 * LocalBanList}) or, with Redis, across edges ({@link SharedBanList}).
 */
public interface BanList {

  /** When {@code ip}'s ban ends, if it is banned now. */
  Optional<Instant> bannedUntil(String ip);

  /** Counts one rejection against {@code ip}; the one that reaches the threshold bans it. */
  void strike(String ip);

  /** Lifts a ban, on every edge in shared mode; false when {@code ip} was not banned here. */
  boolean lift(String ip);

  /** Current bans, by IP. */
  Map<String, Instant> current();

  /** Reads the other edges' bans; nothing to do for a local list. */
  default Future<Void> sync() {
    return Future.succeededFuture();
  }

  static BanList create(BanConfig config, Clock clock, Optional<SharedState> redis) {
    LocalBanList local = new LocalBanList(config, clock);
    return redis.<BanList>map(r -> new SharedBanList(r, config, clock, local)).orElse(local);
  }
}
