package dev.gatehouse.edge.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One route's cached answers, shared by every event loop: entries kept for {@code ttl +
 * stale_if_error}, at most {@code max_entries} of them, and the fetches under way, so that
 * concurrent misses of one key wait for a single upstream request.
 */
public final class ResponseCache {

  /** An agent's answer as kept: status, media type, body, and when it was received. */
  public record Entry(int status, String contentType, Buffer body, long storedNanos) {

    public long ageSeconds(long nowNanos) {
      return Math.max(0, (nowNanos - storedNanos) / 1_000_000_000L);
    }
  }

  private final CacheConfig config;
  private final Cache<String, Entry> entries;
  private final Map<String, Fetch> fetching = new ConcurrentHashMap<>();

  /** A fetch under way; one that outlives {@link #ABANDONED_AFTER} is taken over by a new one. */
  private record Fetch(Promise<Entry> promise, long startedNanos) {}

  static final long ABANDONED_AFTER = Duration.ofMinutes(1).toNanos();

  public ResponseCache(CacheConfig config) {
    this.config = config;
    this.entries =
        Caffeine.newBuilder()
            .maximumSize(config.maxEntries())
            .expireAfterWrite(config.ttl().plus(config.staleIfError()))
            .build();
  }

  public CacheConfig config() {
    return config;
  }

  /** The entry for {@code key} if it is younger than {@code ttl}. */
  Optional<Entry> fresh(String key, long nowNanos) {
    Entry entry = entries.getIfPresent(key);
    return entry != null && nowNanos - entry.storedNanos() < config.ttl().toNanos()
        ? Optional.of(entry)
        : Optional.empty();
  }

  /** The entry for {@code key} if it may still stand in for a failed fetch. */
  Optional<Entry> stale(String key) {
    return Optional.ofNullable(entries.getIfPresent(key));
  }

  /**
   * Registers a fetch of {@code key}: empty when this caller must fetch (and later call {@link
   * #fetched}); otherwise the answer of the fetch already under way.
   */
  Optional<Future<Entry>> join(String key) {
    long now = System.nanoTime();
    Fetch mine = new Fetch(Promise.promise(), now);
    Fetch running =
        fetching.compute(
            key,
            (k, current) ->
                current == null || now - current.startedNanos() > ABANDONED_AFTER ? mine : current);
    return running == mine ? Optional.empty() : Optional.of(running.promise().future());
  }

  /**
   * Ends the fetch of {@code key} with what its waiters are to be answered, or {@code null} when
   * there is nothing to share; a 200 answer is also kept for later requests.
   */
  void fetched(String key, Entry answer) {
    if (answer != null && answer.status() == 200) {
      entries.put(key, answer);
    }
    Fetch fetch = fetching.remove(key);
    if (fetch != null) {
      fetch.promise().tryComplete(answer);
    }
  }
}
