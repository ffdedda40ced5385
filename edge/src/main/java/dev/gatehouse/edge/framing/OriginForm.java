package dev.gatehouse.edge.framing;

import io.netty.handler.codec.http.HttpRequest;
import java.net.URI;
import java.net.URISyntaxException;

/**
 * Request targets as the edge passes them on: origin form ({@code /path?query}). An absolute-form
 * target ({@code http://host/path}, which only proxies are sent) continues as its path and query,
 * so the agent never sees a scheme or host the client chose.
 */
final class OriginForm {

  private OriginForm() {}

  /** Whether {@code target} is already a path (or the {@code *} of {@code OPTIONS *}). */
  static boolean is(String target) {
    return target != null && (target.startsWith("/") || target.equals("*"));
  }

  /** Rewrites an absolute-form target in place; false when the target is neither form. */
  static boolean rewrite(HttpRequest request) {
    String target = request.uri();
    if (is(target)) {
      return true;
    }
    try {
      URI uri = new URI(target);
      String scheme = uri.getScheme();
      if (!"http".equalsIgnoreCase(scheme) && !"https".equalsIgnoreCase(scheme)) {
        return false;
      }
      String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
      request.setUri(uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery());
      return true;
    } catch (URISyntaxException e) {
      return false;
    }
  }
}
