package dev.gatehouse.edge.proxy;

import dev.gatehouse.edge.accesslog.AccessLogHandler;
import dev.gatehouse.edge.request.ClientIpHandler;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.ext.web.RoutingContext;
import io.vertx.httpproxy.HttpProxy;

/**
 * The last step of a route: tells the agent who asked and hands the request, its body still
 * streaming, to the upstream. {@code X-Forwarded-For} is replaced, never appended to: what a client
 * sends there is untrusted. {@code X-Request-Id} was set by the request-id step.
 */
public final class ForwardHandler implements Handler<RoutingContext> {

  private final String upstreamName;
  private final HttpProxy proxy;

  public ForwardHandler(String upstreamName, HttpProxy proxy) {
    this.upstreamName = upstreamName;
    this.proxy = proxy;
  }

  @Override
  public void handle(RoutingContext ctx) {
    MultiMap headers = ctx.request().headers();
    headers.set("X-Forwarded-For", ClientIpHandler.of(ctx));
    headers.set("X-Forwarded-Proto", "https");
    headers.remove("Forwarded");
    ctx.put(AccessLogHandler.UPSTREAM, upstreamName);
    long forwarded = System.nanoTime();
    // The agent's answer (or the edge's 502/504 for its absence) starts when headers are written.
    ctx.addHeadersEndHandler(v -> ctx.put(AccessLogHandler.UPSTREAM_NANOS, System.nanoTime() - forwarded));
    proxy.handle(ctx.request());
  }
}
