package dev.gatehouse.edge.proxy;

import dev.gatehouse.shared.proxy.ProxyFailures;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.httpproxy.ProxyContext;
import io.vertx.httpproxy.ProxyInterceptor;
import io.vertx.httpproxy.ProxyResponse;
import java.util.Set;

/**
 * Tells each agent's circuit breaker how its request went, and sends a request that failed after it
 * was sent once more, to another agent, only when that cannot do harm: an idempotent method, no
 * body, and a broken connection or a 502 from the agent rather than a slow agent. A POST that
 * reached an agent is never sent again. Each agent is tried at most once per request.
 */
final class TargetOutcomes implements ProxyInterceptor {

  private static final Set<HttpMethod> IDEMPOTENT =
      Set.of(
          HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS, HttpMethod.PUT, HttpMethod.DELETE);

  private final PoolOrigin origin;

  TargetOutcomes(PoolOrigin origin) {
    this.origin = origin;
  }

  @Override
  public Future<ProxyResponse> handleProxyRequest(ProxyContext context) {
    return settle(context, context.sendRequest());
  }

  private Future<ProxyResponse> settle(ProxyContext context, Future<ProxyResponse> attempt) {
    return attempt.transform(
        (AsyncResult<ProxyResponse> result) -> {
          Target target = context.get(PoolOrigin.TARGET, Target.class);
          context.set(PoolOrigin.TARGET, null);
          if (target == null) {
            return asFuture(result); // no agent reached: nothing to report or retry
          }
          target.end();
          HttpServerRequest request = context.request().proxiedRequest();
          if (request.response().closed()) {
            return asFuture(result); // the client went away: says nothing about the agent
          }
          if (result.succeeded()) {
            target.succeeded();
            ProxyResponse response = result.result();
            // The agent reached but its own service did not answer (shutting down, say):
            // another agent may do better.
            if (response.getStatusCode() != 502
                || !safeToRepeat(request)
                || !origin.canTryAnother(context)) {
              return asFuture(result);
            }
            response.release();
            return repeat(context);
          }
          target.failed(System.nanoTime());
          if (!safeToRepeat(request)
              || ProxyFailures.isTimeout(result.cause())
              || !origin.canTryAnother(context)) {
            return asFuture(result);
          }
          return repeat(context);
        });
  }

  private Future<ProxyResponse> repeat(ProxyContext context) {
    context.request().setBody(null);
    return settle(context, origin.create(context).compose(context.request()::send));
  }

  private static Future<ProxyResponse> asFuture(AsyncResult<ProxyResponse> result) {
    return result.succeeded()
        ? Future.succeededFuture(result.result())
        : Future.failedFuture(result.cause());
  }

  private static boolean safeToRepeat(HttpServerRequest request) {
    String length = request.getHeader("Content-Length");
    boolean bodyless =
        request.getHeader("Transfer-Encoding") == null
            && (length == null || length.trim().equals("0"));
    return IDEMPOTENT.contains(request.method()) && bodyless;
  }
}
