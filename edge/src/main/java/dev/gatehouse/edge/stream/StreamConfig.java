package dev.gatehouse.edge.stream;

import dev.gatehouse.shared.config.ConfigNode;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * One entry of {@code streams:}: a public TCP port carried to the agent-side target {@code target}
 * through an agent of {@code upstream}, on the agents' stream port {@code agent_port}.
 */
public record StreamConfig(
    String name,
    String host,
    int port,
    String upstream,
    String target,
    int agentPort,
    Duration idleTimeout,
    int maxConnectionsPerIp,
    int newConnectionsPerSecond) {

  public static final String DEFAULT_HOST = "0.0.0.0";
  public static final int DEFAULT_AGENT_PORT = 1011;
  public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofMinutes(10);
  public static final int DEFAULT_MAX_CONNECTIONS_PER_IP = 16;
  public static final int DEFAULT_NEW_CONNECTIONS_PER_SECOND = 8;

  /** The entries of {@code streams:}; none when the key is absent. */
  public static List<StreamConfig> list(ConfigNode root, Set<String> upstreams) {
    if (root.children("streams").isEmpty()) {
      return List.of();
    }
    return root.uniqueList("streams", "name", node -> from(node, upstreams), StreamConfig::name);
  }

  static StreamConfig from(ConfigNode node, Set<String> upstreams) {
    String name = node.optionalString("name").orElseThrow(() -> node.error("name", "is required"));
    String protocol = node.string("protocol", "tcp");
    if (!protocol.equals("tcp")) {
      throw node.error("protocol", "'" + protocol + "' (expected: tcp)");
    }
    ConfigNode listen = node.child("listen");
    String host = listen.string("host", DEFAULT_HOST);
    int port = listen.integer("port", -1, 0, 65535);
    if (port < 0) {
      throw listen.error("port", "is required");
    }
    listen.done();
    String upstream =
        node.optionalString("upstream").orElseThrow(() -> node.error("upstream", "is required"));
    if (!upstreams.contains(upstream)) {
      throw node.error("upstream", "'" + upstream + "' is not one of upstreams: " + upstreams);
    }
    StreamConfig config =
        new StreamConfig(
            name,
            host,
            port,
            upstream,
            node.string("target", name),
            node.integer("agent_port", DEFAULT_AGENT_PORT, 1, 65535),
            node.duration("idle_timeout", DEFAULT_IDLE_TIMEOUT),
            node.integer("max_connections_per_ip", DEFAULT_MAX_CONNECTIONS_PER_IP, 1, 100_000),
            node.integer(
                "new_connections_per_second", DEFAULT_NEW_CONNECTIONS_PER_SECOND, 1, 100_000));
    if (config.idleTimeout().toMillis() < 100) {
      throw node.error("idle_timeout", config.idleTimeout() + " (expected: at least 100ms)");
    }
    node.done();
    return config;
  }
}
