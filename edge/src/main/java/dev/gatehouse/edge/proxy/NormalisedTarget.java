package dev.gatehouse.edge.proxy;

import io.vertx.core.Future;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.WebServerRequest;
import io.vertx.httpproxy.ProxyContext;
import io.vertx.httpproxy.ProxyInterceptor;
import io.vertx.httpproxy.ProxyResponse;

/**
 * Forwards the path the route matched, not the one the client wrote: routes match on the normalised
 * path ({@code /api/../api/x} is {@code /api/x}), so an agent reading the raw one could be led to a
 * path no route allows. First in the chain, so the cache keys on it too.
 */
final class NormalisedTarget implements ProxyInterceptor {

  @Override
  public Future<ProxyResponse> handleProxyRequest(ProxyContext context) {
    HttpServerRequest client = context.request().proxiedRequest();
    if (client instanceof WebServerRequest routed) {
      RoutingContext ctx = routed.routingContext();
      String query = client.query();
      context.request().setURI(ctx.normalizedPath() + (query == null ? "" : "?" + query));
    }
    return context.sendRequest();
  }
}
