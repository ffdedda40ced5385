package dev.gatehouse.edge.cache;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.gatehouse.shared.error.ApiError;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One route's cached answers, shared by every event loop: entries kept for {@code ttl +
 * stale_if_error}, at most {@code max_entries} of them, and the fetches under way, so that
 * concurrent misses of one key wait for a single upstream request.
 *
 * <p>The fetches under way are a Caffeine {@link AsyncCache}, but not a loading one: the fetch is
 * the leading request's own forward, streamed to its client as it arrives, and the kept answer must
 * outlive a failed refetch to stand in for it (stale-if-error). So kept answers and fetches are two
 * maps, and the leader completes its fetch itself.
 */
public final class ResponseCache {

  /**
   * An answer as kept: status, the headers worth giving again ({@link MicroCache#KEPT_HEADERS}),
   * body, the edge's error when it was one, and when it was received.
   */
  public record Entry(int status, MultiMap headers, Buffer body, ApiError error, long storedNanos) {

    public long ageSeconds(long nowNanos) {
      return Math.max(0, (nowNanos - storedNanos) / 1_000_000_000L);
    }
  }

  /** A leader that never completes its fetch (its client vanished) gives the key up after this. */
  static final long ABANDONED_AFTER_SECONDS = 60;

  private final CacheConfig config;
  private final Cache<String, Entry> entries;
  private final AsyncCache<String, Entry> fetching;

  public ResponseCache(CacheConfig config) {
    this.config = config;
    this.entries =
        Caffeine.newBuilder()
            .maximumSize(config.maxEntries())
            .expireAfterWrite(config.ttl().plus(config.staleIfError()))
            .build();
    this.fetching = Caffeine.newBuilder().maximumSize(config.maxEntries()).buildAsync();
  }

  public CacheConfig config() {
    return config;
  }

  /** Forgets every kept answer (fetches under way finish normally); returns how many there were. */
  public long clear() {
    long size = entries.estimatedSize();
    entries.invalidateAll();
    return size;
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
    CompletableFuture<Entry> mine = new CompletableFuture<>();
    CompletableFuture<Entry> running = fetching.asMap().putIfAbsent(key, mine);
    if (running != null) {
      return Optional.of(Future.fromCompletionStage(running));
    }
    // Completed exceptionally, a fetch leaves the map by itself and the next miss leads anew.
    mine.orTimeout(ABANDONED_AFTER_SECONDS, TimeUnit.SECONDS);
    return Optional.empty();
  }

  /**
   * Ends the fetch of {@code key} with what its waiters are to be answered, or {@code null} when
   * there is nothing to share; a 200 answer is also kept for later requests.
   */
  void fetched(String key, Entry answer) {
    if (answer != null && answer.status() == 200) {
      entries.put(key, answer);
    }
    release(key, answer);
  }

  /**
   * Ends the fetch of {@code key} with {@code answer} for its waiters without keeping it: a stale
   * entry standing in for a failure must not be stored anew, or it would outlive {@code
   * stale_if_error} for as long as the failures last.
   */
  void release(String key, Entry answer) {
    CompletableFuture<Entry> fetch = fetching.getIfPresent(key);
    if (fetch != null) {
      fetching.asMap().remove(key, fetch);
      fetch.complete(answer);
    }
  }
}
