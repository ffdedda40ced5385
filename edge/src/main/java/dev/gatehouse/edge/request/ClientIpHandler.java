package dev.gatehouse.edge.request;

import io.vertx.core.Handler;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.RoutingContext;

/**
 * Records the client's IP for every later policy. It is the socket's peer address: a client
 * cannot choose it by sending {@code X-Forwarded-For}.
 */
public final class ClientIpHandler implements Handler<RoutingContext> {

  public static final String KEY = "gatehouse.clientIp";

  @Override
  public void handle(RoutingContext ctx) {
    SocketAddress peer = ctx.request().remoteAddress();
    ctx.put(KEY, peer == null ? "unknown" : peer.hostAddress());
    ctx.next();
  }

  public static String of(RoutingContext ctx) {
    return ctx.get(KEY);
  }
}
