package dev.gatehouse.edge.cache;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.httpproxy.Body;
import io.vertx.httpproxy.MediaType;
import io.vertx.httpproxy.ProxyContext;
import io.vertx.httpproxy.ProxyInterceptor;
import io.vertx.httpproxy.ProxyRequest;
import io.vertx.httpproxy.ProxyResponse;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The route's micro-cache, first in its proxy chain. A fresh entry is answered at the edge ({@code
 * X-Cache: HIT}); of concurrent misses of one URI only the first goes to an agent ({@code MISS})
 * and the others get its answer; when no agent gives a 200, the last good answer stands in for up
 * to {@code stale_if_error} ({@code X-Cache: STALE}, with {@code Age} and a {@code Warning}). Only
 * GET fills the cache; HEAD is answered from it.
 */
public final class MicroCache implements ProxyInterceptor {

  public static final String X_CACHE = "X-Cache";
  private static final String SERVED = "gatehouse.cache.served";
  private static final String LEADING = "gatehouse.cache.leading";

  /** A waiter never waits longer than this for the request it joined. */
  static final long WAIT_LIMIT_SECONDS = 60;

  private final ResponseCache cache;

  public MicroCache(ResponseCache cache) {
    this.cache = cache;
  }

  @Override
  public Future<ProxyResponse> handleProxyRequest(ProxyContext context) {
    ProxyRequest request = context.request();
    HttpMethod method = request.getMethod();
    if (method != HttpMethod.GET && method != HttpMethod.HEAD) {
      return context.sendRequest();
    }
    String key = request.getURI();
    Optional<ResponseCache.Entry> fresh = cache.fresh(key, System.nanoTime());
    if (fresh.isPresent()) {
      return Future.succeededFuture(answer(context, fresh.get()));
    }
    if (method == HttpMethod.HEAD) {
      return context.sendRequest();
    }
    Optional<Future<ResponseCache.Entry>> running = cache.join(key);
    if (running.isPresent()) {
      // No answer to share (too large, broken off, or too late): this request asks for itself.
      return onThisContext(running.get().timeout(WAIT_LIMIT_SECONDS, TimeUnit.SECONDS))
          .otherwise((ResponseCache.Entry) null)
          .compose(
              entry ->
                  entry == null
                      ? context.sendRequest()
                      : Future.succeededFuture(answer(context, entry)));
    }
    context.set(LEADING, key);
    return context.sendRequest();
  }

  @Override
  public Future<Void> handleProxyResponse(ProxyContext context) {
    ProxyResponse response = context.response();
    if (context.get(SERVED, Boolean.class) != null) {
      return context.sendResponse();
    }
    String key = context.get(LEADING, String.class);
    if (key == null) {
      response.putHeader(X_CACHE, "MISS");
      return context.sendResponse();
    }
    Optional<ResponseCache.Entry> stale =
        response.getStatusCode() == 200 ? Optional.empty() : cache.stale(key);
    if (stale.isPresent()) {
      response.release();
      cache.fetched(key, stale.get());
      fill(response, stale.get(), "STALE");
      return context.sendResponse();
    }
    response.putHeader(X_CACHE, "MISS");
    keepWhileSending(key, response);
    return context.sendResponse();
  }

  /**
   * Tees the body to the client and into the answer for the waiting requests (and the cache, for a
   * 200); a body larger than {@code max_body} is sent, not kept, and the waiters ask for
   * themselves.
   */
  private void keepWhileSending(String key, ProxyResponse response) {
    int status = response.getStatusCode();
    String contentType = response.headers().get(HttpHeaders.CONTENT_TYPE);
    Body body = response.getBody();
    if (body == null) {
      cache.fetched(
          key, new ResponseCache.Entry(status, contentType, Buffer.buffer(), System.nanoTime()));
      return;
    }
    TeeStream tee =
        new TeeStream(
            body.stream(),
            cache.config().maxBody(),
            kept ->
                cache.fetched(
                    key,
                    kept == null
                        ? null
                        : new ResponseCache.Entry(status, contentType, kept, System.nanoTime())));
    response.setBody(Body.body(tee, body.length(), body.mediaType()));
  }

  /** Answers from a kept entry: a HIT, or STALE when it stood in for a failed fetch. */
  private ProxyResponse answer(ProxyContext context, ResponseCache.Entry entry) {
    context.set(SERVED, true);
    ProxyResponse response = context.request().release().response();
    boolean fresh = System.nanoTime() - entry.storedNanos() < cache.config().ttl().toNanos();
    fill(response, entry, entry.status() != 200 ? "MISS" : fresh ? "HIT" : "STALE");
    return response;
  }

  private static void fill(ProxyResponse response, ResponseCache.Entry entry, String marker) {
    response
        .setStatusCode(entry.status())
        .putHeader(X_CACHE, marker)
        .putHeader(HttpHeaders.AGE, Long.toString(entry.ageSeconds(System.nanoTime())));
    if (marker.equals("STALE")) {
      response.putHeader("Warning", "111 - \"Revalidation Failed\"");
    }
    response.setBody(Body.body(entry.body().copy(), mediaType(entry.contentType())));
  }

  private static MediaType mediaType(String contentType) {
    try {
      return contentType == null
          ? MediaType.APPLICATION_OCTET_STREAM
          : MediaType.parse(contentType);
    } catch (IllegalArgumentException e) {
      return MediaType.APPLICATION_OCTET_STREAM;
    }
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
