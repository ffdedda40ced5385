package dev.gatehouse.edge.proxy;

import dev.gatehouse.shared.error.ApiError;
import dev.gatehouse.shared.error.ErrorCode;
import dev.gatehouse.shared.net.FlushBatching;
import dev.gatehouse.shared.proxy.ProxyFailures;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

/**
 * One event loop's way to an upstream's agents: a keep-alive connection pool, and the choice of
 * agent from the process-wide {@link TargetPool}. An agent that cannot be connected to is marked
 * failed and the next one is tried: nothing was sent yet, so this is safe for every method, POST
 * included. A request that failed after it was sent goes once more, to another agent, only when
 * that cannot do harm: {@link Outbound#repeatable}, and a broken connection or a 502 from the agent
 * rather than a slow agent. A POST that reached an agent is never sent again; each agent is tried
 * at most once per request. Each outcome tells that agent's circuit breaker how it went.
 */
public final class Upstream {

  private final HttpClient client;
  private final TargetPool pool;
  private final Duration responseTimeout;

  public Upstream(Vertx vertx, TargetPool pool) {
    UpstreamConfig config = pool.config();
    this.client =
        vertx
            .httpClientBuilder()
            .with(
                new HttpClientOptions()
                    .setConnectTimeout((int) config.connectTimeout().toMillis())
                    .setKeepAlive(true))
            .with(new PoolOptions().setHttp1MaxSize(config.maxConnections()))
            .withConnectHandler(FlushBatching::install)
            .build();
    this.pool = pool;
    this.responseTimeout = config.responseTimeout();
  }

  /** Closes its connections, once an upstream a reload removed has no request left. */
  public void close() {
    client.close();
  }

  /** How long the edge waits for an agent's answer. */
  public Duration responseTimeout() {
    return responseTimeout;
  }

  /**
   * Sends {@code request} to an agent; the response comes paused. With no agent left to try, it
   * fails with 503 {@code upstream_unavailable}; an agent silent for longer than the response
   * timeout fails it as a timeout.
   */
  Future<HttpClientResponse> send(Outbound request) {
    return attempt(request, new HashSet<>(4));
  }

  private Future<HttpClientResponse> attempt(Outbound request, Set<Target> tried) {
    Target target = pool.pick(tried).orElse(null);
    if (target == null) {
      return Future.failedFuture(
          new ApiError(ErrorCode.UPSTREAM_UNAVAILABLE, 503, "No agent is reachable right now."));
    }
    tried.add(target);
    return client
        .request(
            new RequestOptions()
                .setServer(target.address())
                .setIdleTimeout(responseTimeout.toMillis()))
        .transform(
            opened -> {
              if (opened.failed()) {
                target.failed(System.nanoTime());
                return attempt(request, tried);
              }
              target.begin();
              Future<HttpClientResponse> sent;
              try {
                sent = request.sendOn(opened.result());
              } catch (RuntimeException e) {
                sent = Future.failedFuture(e); // settled like any failure: the count goes back
              }
              return sent.transform(answered -> settle(request, target, tried, answered));
            });
  }

  private Future<HttpClientResponse> settle(
      Outbound request, Target target, Set<Target> tried, AsyncResult<HttpClientResponse> result) {
    target.end();
    if (request.client().response().closed()) {
      return asFuture(result); // the client went away: says nothing of the agent
    }
    if (result.succeeded()) {
      target.succeeded();
      HttpClientResponse response = result.result();
      // The agent reached but its own service did not answer (shutting down, say): another
      // agent may do better.
      if (response.statusCode() != 502 || !request.repeatable() || !canTryAnother(tried)) {
        return Future.succeededFuture(response);
      }
      response.resume();
      return attempt(request, tried);
    }
    target.failed(System.nanoTime());
    if (!request.repeatable() || ProxyFailures.isTimeout(result.cause()) || !canTryAnother(tried)) {
      return Future.failedFuture(result.cause());
    }
    return attempt(request, tried);
  }

  private static Future<HttpClientResponse> asFuture(AsyncResult<HttpClientResponse> result) {
    return result.succeeded()
        ? Future.succeededFuture(result.result())
        : Future.failedFuture(result.cause());
  }

  private boolean canTryAnother(Set<Target> tried) {
    return pool.pick(tried).isPresent();
  }
}
