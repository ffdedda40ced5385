package dev.gatehouse.shared.proxy;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.httpproxy.ProxyContext;
import io.vertx.httpproxy.ProxyInterceptor;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Connection-specific headers (RFC 9110 section 7.6.1) describe one connection, not the message: a
 * proxy drops them, and the headers its {@code Connection} header names, in both directions. An
 * origin's {@code Connection: keep-alive} forwarded to an HTTP/2 client is a protocol error that
 * kills the stream, and its {@code Connection: close} would close the client's socket. As an
 * interceptor it does this for the proxy library's responses (which strips requests only); {@link
 * #copyRequest} and {@link #copyResponse} do it for the edge's own forwarder.
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

  /**
   * Copies a client's request headers to the request for the origin, without the connection's own
   * and those its {@code Connection} header names, {@code Proxy-Authorization} (meant for this
   * hop), {@code Host} (the origin's is set by the client), the body's framing ({@code
   * Content-Length}, {@code Transfer-Encoding}), which the forwarder sets for the body it sends,
   * and the {@code replaced} names, which the forwarder writes itself. A client naming one of those
   * in {@code Connection} drops only its own.
   */
  public static void copyRequest(MultiMap from, MultiMap to, List<String> replaced) {
    Set<String> listed = listed(from);
    from.forEach(
        (name, value) -> {
          if (!connectionSpecific(name)
              && !requestOnly(name)
              && !isListed(listed, name)
              && !among(replaced, name)) {
            to.add(name, value);
          }
        });
  }

  /**
   * Copies an origin's response headers to the client's response, without the connection's own and
   * {@code Transfer-Encoding}: the client's connection frames the body its own way. {@code
   * Content-Length} stays, the body relayed is the same. A header the edge has already set on the
   * response (CORS, rate-limit state) is the edge's: the origin's value of it is dropped, as two
   * {@code Access-Control-Allow-Origin} values would make browsers refuse the answer.
   */
  public static void copyResponse(MultiMap from, MultiMap to) {
    Set<String> listed = listed(from);
    // Taken before the copy adds the origin's own. A handful of names, compared in a list: a
    // response passes here on every request, and Vert.x's names() builds a sorted set.
    List<String> edges = namesOf(to);
    from.forEach(
        (name, value) -> {
          if (!connectionSpecific(name) && !isListed(listed, name) && !among(edges, name)) {
            to.add(name, value);
          }
        });
  }

  /**
   * The names a {@code Connection} header lists, lower-cased, but for those dropped anyway ({@code
   * keep-alive}, say) and {@code close}: none at all in the common case.
   */
  private static Set<String> listed(MultiMap headers) {
    if (!headers.contains("connection")) {
      return Set.of();
    }
    Set<String> names = new HashSet<>();
    for (String listed : headers.getAll("connection")) {
      for (String name : listed.split(",")) {
        String trimmed = name.trim();
        if (!connectionSpecific(trimmed) && !trimmed.equalsIgnoreCase("close")) {
          names.add(trimmed.toLowerCase(Locale.ROOT));
        }
      }
    }
    return names.isEmpty() ? Set.of() : names;
  }

  private static List<String> namesOf(MultiMap headers) {
    if (headers.isEmpty()) {
      return List.of();
    }
    List<String> names = new ArrayList<>(16);
    headers.forEach((name, value) -> names.add(name));
    return names;
  }

  private static boolean among(List<String> names, String name) {
    for (int i = 0; i < names.size(); i++) {
      String candidate = names.get(i);
      if (candidate.length() == name.length() && candidate.equalsIgnoreCase(name)) {
        return true;
      }
    }
    return false;
  }

  private static boolean isListed(Set<String> listed, String name) {
    return !listed.isEmpty() && listed.contains(name.toLowerCase(Locale.ROOT));
  }

  // By length first: every header of every request passes here, and most names are none of these.
  private static boolean connectionSpecific(String name) {
    return switch (name.length()) {
      case 2 -> name.equalsIgnoreCase("te");
      case 7 -> name.equalsIgnoreCase("trailer") || name.equalsIgnoreCase("upgrade");
      case 10 -> name.equalsIgnoreCase("connection") || name.equalsIgnoreCase("keep-alive");
      case 16 -> name.equalsIgnoreCase("proxy-connection");
      case 17 -> name.equalsIgnoreCase("transfer-encoding");
      case 18 -> name.equalsIgnoreCase("proxy-authenticate");
      default -> false;
    };
  }

  private static boolean requestOnly(String name) {
    return switch (name.length()) {
      case 4 -> name.equalsIgnoreCase("host");
      case 14 -> name.equalsIgnoreCase("content-length");
      case 19 -> name.equalsIgnoreCase("proxy-authorization");
      default -> false;
    };
  }
}
