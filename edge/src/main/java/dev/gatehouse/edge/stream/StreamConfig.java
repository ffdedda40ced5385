package dev.gatehouse.edge.stream;

import dev.gatehouse.shared.config.ConfigNode;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * One entry of {@code streams:}: a public TCP or UDP port carried to the agent-side target {@code
 * target} through an agent of {@code upstream}, on the agents' stream port {@code agent_port}. For
 * UDP, the per-IP limits count sessions (one per client address and port) instead of connections,
 * and {@code max_sessions} bounds them all.
 */
public record StreamConfig(
    String name,
    Protocol protocol,
    String host,
    int port,
    String upstream,
    String target,
    int agentPort,
    Duration idleTimeout,
    int maxConnectionsPerIp,
    int newConnectionsPerSecond,
    int maxSessions) {

  /** What the public port speaks. */
  public enum Protocol {
    TCP,
    UDP;

    /** The name the stream assertion carries. */
    public String wireName() {
      return name().toLowerCase();
    }
  }

  public static final String DEFAULT_HOST = "0.0.0.0";
  public static final int DEFAULT_AGENT_PORT = 1011;
  public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofMinutes(10);
  public static final Duration DEFAULT_UDP_IDLE_TIMEOUT = Duration.ofMinutes(1);
  private static final Duration SHORTEST_IDLE_TIMEOUT = Duration.ofMillis(100);
  public static final int DEFAULT_MAX_CONNECTIONS_PER_IP = 16;
  public static final int DEFAULT_NEW_CONNECTIONS_PER_SECOND = 8;
  public static final int DEFAULT_MAX_SESSIONS = 1024;

  /** The entries of {@code streams:}; none when the key is absent. */
  public static List<StreamConfig> list(ConfigNode root, Set<String> upstreams) {
    if (root.children("streams").isEmpty()) {
      return List.of();
    }
    return root.uniqueList("streams", "name", node -> from(node, upstreams), StreamConfig::name);
  }

  static StreamConfig from(ConfigNode node, Set<String> upstreams) {
    String name = node.optionalString("name").orElseThrow(() -> node.error("name", "is required"));
    Protocol protocol = protocol(node);
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
    boolean udp = protocol == Protocol.UDP;
    if (!udp && node.optionalString("max_sessions").isPresent()) {
      throw node.error("max_sessions", "is for protocol: udp only");
    }
    StreamConfig config =
        new StreamConfig(
            name,
            protocol,
            host,
            port,
            upstream,
            node.string("target", name),
            node.integer("agent_port", DEFAULT_AGENT_PORT, 1, 65535),
            node.timeout(
                "idle_timeout",
                udp ? DEFAULT_UDP_IDLE_TIMEOUT : DEFAULT_IDLE_TIMEOUT,
                SHORTEST_IDLE_TIMEOUT),
            node.integer("max_connections_per_ip", DEFAULT_MAX_CONNECTIONS_PER_IP, 1, 100_000),
            node.integer(
                "new_connections_per_second", DEFAULT_NEW_CONNECTIONS_PER_SECOND, 1, 100_000),
            node.integer("max_sessions", DEFAULT_MAX_SESSIONS, 1, 100_000));
    node.done();
    return config;
  }

  private static Protocol protocol(ConfigNode node) {
    String protocol = node.string("protocol", "tcp");
    return switch (protocol) {
      case "tcp" -> Protocol.TCP;
      case "udp" -> Protocol.UDP;
      default -> throw node.error("protocol", "'" + protocol + "' (expected: tcp or udp)");
    };
  }
}
