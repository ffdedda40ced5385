package dev.gatehouse.edge.proxy;

import dev.gatehouse.shared.config.ConfigNode;
import io.vertx.core.net.HostAndPort;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One named upstream: the agents behind it ({@code host:port}) and how long to wait for them.
 * {@code connect_timeout} bounds reaching an agent; {@code response_timeout} bounds its silence.
 */
public record UpstreamConfig(
    String name,
    List<HostAndPort> targets,
    Duration connectTimeout,
    Duration responseTimeout,
    int maxConnections) {

  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(2);
  public static final Duration DEFAULT_RESPONSE_TIMEOUT = Duration.ofSeconds(15);
  public static final int DEFAULT_MAX_CONNECTIONS = 64;

  public static UpstreamConfig from(String name, ConfigNode node) {
    List<HostAndPort> targets = new ArrayList<>();
    List<String> texts = node.strings("targets", List.of());
    for (int i = 0; i < texts.size(); i++) {
      targets.add(parseTarget(node, "targets[" + i + "]", texts.get(i)));
    }
    if (targets.isEmpty()) {
      throw node.error("targets", "at least one host:port is required");
    }
    UpstreamConfig config =
        new UpstreamConfig(
            name,
            List.copyOf(targets),
            node.duration("connect_timeout", DEFAULT_CONNECT_TIMEOUT),
            node.duration("response_timeout", DEFAULT_RESPONSE_TIMEOUT),
            node.integer("max_connections", DEFAULT_MAX_CONNECTIONS, 1, 10_000));
    node.done();
    return config;
  }

  private static HostAndPort parseTarget(ConfigNode node, String key, String text) {
    int colon = text.lastIndexOf(':');
    if (colon <= 0) {
      throw node.error(key, "'" + text + "' must be host:port");
    }
    try {
      int port = Integer.parseInt(text.substring(colon + 1));
      if (port < 1 || port > 65535) {
        throw new NumberFormatException();
      }
      return HostAndPort.create(text.substring(0, colon), port);
    } catch (NumberFormatException e) {
      throw node.error(key, "'" + text + "' has no valid port");
    }
  }
}
