package dev.gatehouse.edge.routing;

import dev.gatehouse.shared.config.ConfigNode;
import io.vertx.core.http.HttpMethod;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** One public route: a path (exact, or a prefix ending in {@code /*}), its methods, its upstream. */
public record EdgeRoute(String path, List<HttpMethod> methods, String upstream) {

  static final Set<String> KNOWN_METHODS =
      Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");

  public static EdgeRoute from(ConfigNode node, Set<String> upstreams) {
    String path = node.string("path");
    if (!path.startsWith("/")) {
      throw node.error("path", "'" + path + "' must start with /");
    }
    List<HttpMethod> methods = new ArrayList<>();
    for (String method : node.strings("methods", List.of("GET"))) {
      String upper = method.toUpperCase();
      if (!KNOWN_METHODS.contains(upper)) {
        throw node.error("methods", "'" + method + "' is not one of " + KNOWN_METHODS);
      }
      methods.add(HttpMethod.valueOf(upper));
    }
    String upstream = node.string("upstream");
    if (!upstreams.contains(upstream)) {
      throw node.error("upstream", "'" + upstream + "' is not defined under upstreams");
    }
    node.done();
    return new EdgeRoute(path, List.copyOf(methods), upstream);
  }
}
