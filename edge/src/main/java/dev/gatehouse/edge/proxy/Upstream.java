package dev.gatehouse.edge.proxy;

import dev.gatehouse.shared.error.ApiError;
import dev.gatehouse.shared.error.ErrorCode;
import dev.gatehouse.shared.proxy.ProxyFailures;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.internal.ContextInternal;
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

  private final AgentChannels channels;
  private final TargetPool pool;
  private final Duration responseTimeout;

  /**
   * {@code clientIdle}: the listener's {@code limits.idle_timeout}, the longest a client may take
   * none of an answer before the agent's connection is given up for it.
   */
  public Upstream(Vertx vertx, TargetPool pool, Duration clientIdle) {
    UpstreamConfig config = pool.config();
    // The event loop of the verticle making it, whose clients' requests it will carry.
    this.channels =
        new AgentChannels(
            ((ContextInternal) vertx.getOrCreateContext()).unwrap(), config, clientIdle);
    this.pool = pool;
    this.responseTimeout = config.responseTimeout();
  }

  /** Closes its connections, once an upstream a reload removed has no request left. */
  public void close() {
    channels.close();
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
  Future<AgentResponse> send(Outbound request) {
    return attempt(request, new HashSet<>(4));
  }

  private Future<AgentResponse> attempt(Outbound request, Set<Target> tried) {
    Target target = pool.pick(tried).orElse(null);
    if (target == null) {
      return Future.failedFuture(
          new ApiError(ErrorCode.UPSTREAM_UNAVAILABLE, 503, "No agent is reachable right now."));
    }
    tried.add(target);
    return channels
        .acquire(target)
        .transform(
            opened -> {
              if (opened.failed()) {
                if (opened.cause() instanceof ApiError refused) {
                  // Decided at the edge (too many waiting), no failure of the agent's: another may
                  // have room.
                  return canTryAnother(tried)
                      ? attempt(request, tried)
                      : Future.failedFuture(refused);
                }
                target.failed(System.nanoTime());
                return attempt(request, tried);
              }
              if (request.client().response().closed()) {
                // Gone while this waited for a connection: nothing to send, nothing of the agent's.
                channels.giveBack(opened.result());
                return Future.failedFuture(new HttpClosedException("the client went away"));
              }
              Future<AgentResponse> sent;
              try {
                sent = request.sendOn(opened.result());
              } catch (RuntimeException e) {
                // The edge could not write this request (a header it may not carry, say): nothing
                // of the agent's, so not counted against it, and no other agent would fare better.
                // Closed, not given back: a connection a request failed on carries no other.
                opened.result().close();
                return Future.failedFuture(e);
              }
              target.begin();
              return sent.transform(answered -> settle(request, target, tried, answered));
            });
  }

  private Future<AgentResponse> settle(
      Outbound request, Target target, Set<Target> tried, AsyncResult<AgentResponse> result) {
    target.end();
    if (request.client().response().closed()) {
      return asFuture(result); // the client went away: says nothing of the agent
    }
    if (result.succeeded()) {
      target.succeeded();
      AgentResponse response = result.result();
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

  private static Future<AgentResponse> asFuture(AsyncResult<AgentResponse> result) {
    return result.succeeded()
        ? Future.succeededFuture(result.result())
        : Future.failedFuture(result.cause());
  }

  private boolean canTryAnother(Set<Target> tried) {
    return pool.pick(tried).isPresent();
  }
}
