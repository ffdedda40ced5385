package dev.gatehouse.agent.routing;

import dev.gatehouse.agent.backend.Backends;
import dev.gatehouse.shared.config.ConfigNode;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Optional;

/**
 * One line of the agent's route table: a path (exact, or a prefix ending in {@code /*}) sent either
 * to a backend verticle by name or to a local HTTP service by URL.
 */
public record AgentRoute(
    String path, Optional<String> backend, Optional<URI> url, Duration timeout) {

  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

  public static AgentRoute from(ConfigNode node) {
    String path = node.string("path");
    if (!path.startsWith("/")) {
      throw node.error("path", "'" + path + "' must start with /");
    }
    Optional<String> backend = node.optionalString("backend");
    Optional<URI> url = node.optionalString("url").map(text -> parseUrl(node, text));
    if (backend.isPresent() == url.isPresent()) {
      throw node.error("backend", "give exactly one of 'backend' or 'url'");
    }
    backend.ifPresent(
        name -> {
          if (!Backends.NAMES.contains(name)) {
            throw node.error("backend", "'" + name + "' is not one of " + Backends.NAMES);
          }
        });
    Duration timeout = node.timeout("timeout", DEFAULT_TIMEOUT);
    node.done();
    return new AgentRoute(path, backend, url, timeout);
  }

  private static URI parseUrl(ConfigNode node, String text) {
    try {
      URI uri = new URI(text);
      if (!"http".equals(uri.getScheme()) || uri.getHost() == null || uri.getPort() < 0) {
        throw node.error("url", "'" + text + "' must look like http://host:port");
      }
      return uri;
    } catch (URISyntaxException e) {
      throw node.error("url", "'" + text + "' is not a URL");
    }
  }
}
