package dev.gatehouse.edge.proxy;

import dev.gatehouse.shared.error.ApiError;
import dev.gatehouse.shared.error.ErrorCode;
import io.vertx.core.Future;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.RequestOptions;
import io.vertx.httpproxy.OriginRequestProvider;
import io.vertx.httpproxy.ProxyContext;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

/**
 * Opens the request to an agent of the pool. An agent that cannot be connected to is marked failed
 * and the next one is tried: nothing was sent yet, so this is safe for every method, POST included.
 * With no agent left, the answer is 503 {@code upstream_unavailable} at once.
 */
final class PoolOrigin implements OriginRequestProvider {

  static final String TARGET = "gatehouse.target";
  private static final String TRIED = "gatehouse.tried";

  private final TargetPool pool;
  private final long responseTimeoutMillis;

  PoolOrigin(TargetPool pool, Duration responseTimeout) {
    this.pool = pool;
    this.responseTimeoutMillis = responseTimeout.toMillis();
  }

  @Override
  public Future<HttpClientRequest> create(ProxyContext context) {
    Set<Target> tried = tried(context);
    Target target = pool.pick(tried).orElse(null);
    if (target == null) {
      return Future.failedFuture(
          new ApiError(ErrorCode.UPSTREAM_UNAVAILABLE, 503, "No agent is reachable right now."));
    }
    tried.add(target);
    return context
        .client()
        .request(
            new RequestOptions().setServer(target.address()).setIdleTimeout(responseTimeoutMillis))
        .onSuccess(
            request -> {
              target.begin();
              context.set(TARGET, target);
            })
        .recover(
            failure -> {
              target.failed(System.nanoTime());
              return create(context);
            });
  }

  /** Whether an agent this request has not been sent to is available now. */
  boolean canTryAnother(ProxyContext context) {
    return pool.pick(tried(context)).isPresent();
  }

  private static Set<Target> tried(ProxyContext context) {
    @SuppressWarnings("unchecked")
    Set<Target> tried = context.get(TRIED, Set.class);
    if (tried == null) {
      tried = new HashSet<>();
      context.set(TRIED, tried);
    }
    return tried;
  }
}
