package dev.gatehouse.edge.request;

import dev.gatehouse.shared.net.AddressSet;
import io.vertx.core.MultiMap;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.PlatformHandler;
import java.net.InetAddress;

/**
 * Records the client's IP for every later policy. It is the socket's peer address, unless that peer
 * is a trusted proxy: then the rightmost {@code X-Forwarded-For} entry that is not itself a trusted
 * proxy. Entries a client wrote further left are never believed.
 */
public final class ClientIpHandler implements PlatformHandler {

  private final AddressSet trusted;

  public ClientIpHandler(AddressSet trusted) {
    this.trusted = trusted;
  }

  @Override
  public void handle(RoutingContext ctx) {
    SocketAddress peer = ctx.request().remoteAddress();
    String ip = peer == null ? "unknown" : peer.hostAddress();
    RequestFacts.of(ctx).clientIp(clientIp(ip, ctx.request().headers()));
    ctx.next();
  }

  /** The client's address, given the socket's peer and the request's headers. */
  public String clientIp(String peer, MultiMap headers) {
    if (!trusted.isEmpty() && trusted.contains(peer)) {
      return fromForwardedFor(headers.get("X-Forwarded-For"), peer);
    }
    return peer;
  }

  private String fromForwardedFor(String header, String peer) {
    if (header == null) {
      return peer;
    }
    String[] hops = header.split(",");
    for (int i = hops.length - 1; i >= 0; i--) {
      InetAddress hop = AddressSet.parse(hops[i]);
      if (hop == null) {
        return peer;
      }
      String address = hop.getHostAddress();
      if (!trusted.contains(address)) {
        return address;
      }
    }
    return peer;
  }
}
