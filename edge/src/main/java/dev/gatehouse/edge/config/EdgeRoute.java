package dev.gatehouse.edge.config;

import dev.gatehouse.edge.cache.CacheConfig;
import dev.gatehouse.edge.ratelimit.RateLimitSpec;
import dev.gatehouse.shared.config.ConfigNode;
import dev.gatehouse.shared.net.AddressSet;
import io.vertx.core.http.HttpMethod;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One public route and its policies: a path (exact, or a prefix ending in {@code /*}), its methods
 * and upstream, whether an API key is required and which keys count here (empty: any), the client
 * addresses allowed (empty: all), the per-IP rate limit, the body size and the media types it
 * accepts, and its micro-cache if it has one.
 */
public record EdgeRoute(
    String path,
    List<HttpMethod> methods,
    String upstream,
    boolean apiKeyRequired,
    Set<String> apiKeyNames,
    AddressSet allowIps,
    Optional<RateLimitSpec> rateLimit,
    long maxBody,
    List<String> contentTypes,
    Optional<CacheConfig> cache) {

  public static final long DEFAULT_MAX_BODY = 1024 * 1024;

  static final Set<String> KNOWN_METHODS =
      Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");

  public static EdgeRoute from(ConfigNode node, Set<String> upstreams, Set<String> keyNames) {
    String path = node.urlPath("path");
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
    List<String> names = node.strings("api_keys", List.of());
    for (int i = 0; i < names.size(); i++) {
      if (!keyNames.contains(names.get(i))) {
        throw node.error(
            "api_keys[" + i + "]", "'" + names.get(i) + "' is not a name under api_keys");
      }
    }
    boolean apiKey =
        node.choice("api_key", names.isEmpty() ? "none" : "required", List.of("required", "none"))
                .equals("required")
            || !names.isEmpty();
    if (apiKey && keyNames.isEmpty()) {
      throw node.error("api_key", "is required but no api_keys are configured");
    }
    AddressSet allowIps = AddressSet.from(node, "allow_ips");
    Optional<RateLimitSpec> rateLimit =
        node.optionalString("rate_limit")
            .map(text -> RateLimitSpec.parse(node, "rate_limit", text));
    long maxBody = node.size("max_body", DEFAULT_MAX_BODY);
    List<String> contentTypes =
        node.strings("content_types", List.of()).stream().map(String::toLowerCase).toList();
    Optional<CacheConfig> cache = node.optionalChild("cache").map(CacheConfig::from);
    node.done();
    return new EdgeRoute(
        path,
        List.copyOf(methods),
        upstream,
        apiKey,
        Set.copyOf(names),
        allowIps,
        rateLimit,
        maxBody,
        contentTypes,
        cache);
  }

  /** Whether this route serves {@code path}: the same path, or one under a {@code /*} prefix. */
  public boolean matches(String path) {
    return this.path.endsWith("/*")
        ? path.startsWith(this.path.substring(0, this.path.length() - 1))
        : this.path.equals(path);
  }
}
