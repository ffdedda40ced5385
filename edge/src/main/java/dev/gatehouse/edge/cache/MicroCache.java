package dev.gatehouse.edge.cache;

import dev.gatehouse.edge.proxy.Answer;
import dev.gatehouse.edge.proxy.AnswerCache;
import dev.gatehouse.shared.error.ApiError;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A route's micro-cache, in front of its forward. A fresh entry is answered at the edge ({@code
 * X-Cache: HIT}); of concurrent misses of one URI only the first goes to an agent ({@code MISS})
 * and the others get its answer; when the agents fail with a server error, the last good answer
 * stands in for up to {@code stale_if_error} ({@code X-Cache: STALE}, with {@code Age} and a {@code
 * Warning}). Only GET fills the cache; HEAD is answered from it.
 */
public final class MicroCache implements AnswerCache {

  public static final String X_CACHE = "X-Cache";

  /** A waiter never waits longer than this for the request it joined. */
  static final long WAIT_LIMIT_SECONDS = 60;

  /**
   * The headers of an answer that a HIT, a STALE answer or a waiter gets again: what says how to
   * read, keep or retry it. The rest are the edge's own, set on each answer anew.
   */
  static final List<CharSequence> KEPT_HEADERS =
      List.of(
          HttpHeaders.CONTENT_TYPE,
          HttpHeaders.CACHE_CONTROL,
          HttpHeaders.EXPIRES,
          HttpHeaders.ETAG,
          HttpHeaders.LAST_MODIFIED,
          HttpHeaders.RETRY_AFTER);

  private final ResponseCache cache;

  public MicroCache(ResponseCache cache) {
    this.cache = cache;
  }

  @Override
  public Future<Answer> answer(HttpMethod method, String key, Supplier<Future<Answer>> fetch) {
    if (method != HttpMethod.GET && method != HttpMethod.HEAD) {
      return miss(fetch);
    }
    Optional<ResponseCache.Entry> fresh = cache.fresh(key, System.nanoTime());
    if (fresh.isPresent()) {
      return Future.succeededFuture(answer(fresh.get()));
    }
    if (method == HttpMethod.HEAD) {
      return miss(fetch);
    }
    Optional<Future<ResponseCache.Entry>> running = cache.join(key);
    if (running.isPresent()) {
      // No answer to share (too large, broken off, partial or not-modified, or too late): this
      // request asks for itself.
      return onThisContext(running.get().timeout(WAIT_LIMIT_SECONDS, TimeUnit.SECONDS))
          .otherwise((ResponseCache.Entry) null)
          .compose(entry -> entry == null ? miss(fetch) : Future.succeededFuture(answer(entry)));
    }
    return fetch
        .get()
        .onFailure(failure -> cache.fetched(key, null))
        .map(fetched -> lead(key, fetched));
  }

  private static Future<Answer> miss(Supplier<Future<Answer>> fetch) {
    return fetch.get().map(answer -> answer.header(X_CACHE, "MISS"));
  }

  /**
   * The answer of the request that went to an agent for everyone: a server error (5xx) is replaced
   * by the last good answer if there is one; otherwise its body is kept while it is sent, for the
   * waiting requests (and the cache, for a 200). A body larger than {@code max_body}, or a 206 or
   * 304, is sent, not kept, and the waiters ask for themselves.
   */
  private Answer lead(String key, Answer fetched) {
    int status = fetched.status();
    // RFC 5861: a stale answer stands in for a server error, never for an answer such as 404.
    Optional<ResponseCache.Entry> stale = status >= 500 ? cache.stale(key) : Optional.empty();
    if (stale.isPresent()) {
      fetched.discard();
      cache.release(key, stale.get());
      return fill(stale.get(), "STALE");
    }
    fetched.header(X_CACHE, "MISS");
    if (status == 206 || status == 304) {
      // An answer to this request's own Range or If-None-Match: no answer for anyone else.
      cache.fetched(key, null);
      return fetched;
    }
    MultiMap headers = MultiMap.caseInsensitiveMultiMap();
    for (CharSequence name : KEPT_HEADERS) {
      String value = fetched.getHeader(name);
      if (value != null) {
        headers.set(name, value);
      }
    }
    ApiError error = fetched.error();
    return fetched.keeping(
        cache.config().maxBody(),
        kept ->
            cache.fetched(
                key,
                kept == null
                    ? null
                    : new ResponseCache.Entry(status, headers, kept, error, System.nanoTime())));
  }

  /** Answers from a kept entry: a HIT, or STALE when it stood in for a failed fetch. */
  private Answer answer(ResponseCache.Entry entry) {
    boolean fresh = System.nanoTime() - entry.storedNanos() < cache.config().ttl().toNanos();
    return fill(entry, entry.status() != 200 ? "MISS" : fresh ? "HIT" : "STALE");
  }

  private static Answer fill(ResponseCache.Entry entry, String marker) {
    Answer answer =
        Answer.made(entry.status(), entry.headers(), entry.body().copy(), entry.error())
            .header(X_CACHE, marker)
            .header(HttpHeaders.AGE, Long.toString(entry.ageSeconds(System.nanoTime())));
    if (marker.equals("STALE")) {
      answer.header("Warning", "111 - \"Revalidation Failed\"");
    }
    return answer;
  }

  /** The shared fetch completes on the leader's event loop; answer each waiter on its own. */
  private static <T> Future<T> onThisContext(Future<T> shared) {
    Context here = Vertx.currentContext();
    if (here == null) {
      return shared;
    }
    Promise<T> local = Promise.promise();
    shared.onComplete(result -> here.runOnContext(v -> local.handle(result)));
    return local.future();
  }
}
