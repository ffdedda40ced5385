package dev.gatehouse.shared.proxy;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.httpproxy.ProxyContext;
import io.vertx.httpproxy.ProxyInterceptor;
import java.util.List;

/**
 * Removes connection-specific headers from the origin's response (RFC 9110 section 7.6.1): they
 * describe the origin's connection, not the client's. The proxy library strips them from requests
 * only; an origin's {@code Connection: keep-alive} forwarded to an HTTP/2 client is a protocol
 * error that kills the stream, and its {@code Connection: close} would close the client's socket.
 */
public final class HopByHopHeaders implements ProxyInterceptor {

  static final List<String> HEADERS =
      List.of(
          "connection",
          "keep-alive",
          "proxy-connection",
          "proxy-authenticate",
          "te",
          "trailer",
          "upgrade");

  @Override
  public Future<Void> handleProxyResponse(ProxyContext context) {
    MultiMap headers = context.response().headers();
    for (String listed : headers.getAll("connection")) {
      for (String name : listed.split(",")) {
        headers.remove(name.trim());
      }
    }
    HEADERS.forEach(headers::remove);
    return context.sendResponse();
  }
}
