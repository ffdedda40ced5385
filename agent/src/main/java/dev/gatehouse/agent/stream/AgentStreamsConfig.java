package dev.gatehouse.agent.stream;

import dev.gatehouse.shared.config.ConfigNode;
import io.vertx.core.net.HostAndPort;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code stream_listen:} and {@code streams:}: the port the edge opens streams on (bound on the
 * HTTP listener's host, behind the same {@code trust.allowed_sources}) and the local targets it may
 * name. A stream name not listed here is refused: the list is the allow-list.
 */
public record AgentStreamsConfig(
    String host, int port, Duration connectTimeout, Map<String, Target> targets) {

  public static final int DEFAULT_PORT = 1011;
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);

  /**
   * One local target; {@code proxyProtocol} sends a PROXY v2 header with the client address (for
   * UDP, before each datagram); {@code udp} when the edge carries datagrams to it.
   */
  public record Target(HostAndPort address, boolean proxyProtocol, boolean udp) {}

  public static AgentStreamsConfig from(ConfigNode listen, ConfigNode streams, String host) {
    int port = listen.integer("port", DEFAULT_PORT, 0, 65535);
    Duration connectTimeout = listen.timeout("connect_timeout", DEFAULT_CONNECT_TIMEOUT);
    listen.done();
    Map<String, Target> targets = new LinkedHashMap<>();
    for (String name : streams.keys()) {
      targets.put(name, target(streams.child(name)));
    }
    streams.done();
    return new AgentStreamsConfig(host, port, connectTimeout, Map.copyOf(targets));
  }

  public boolean enabled() {
    return !targets.isEmpty();
  }

  private static Target target(ConfigNode node) {
    String text =
        node.optionalString("target").orElseThrow(() -> node.error("target", "is required"));
    int colon = text.lastIndexOf(':');
    int port;
    try {
      port = colon > 0 ? Integer.parseInt(text.substring(colon + 1)) : -1;
    } catch (NumberFormatException e) {
      port = -1;
    }
    if (port < 1 || port > 65535) {
      throw node.error("target", "'" + text + "' must be host:port");
    }
    String proxy = node.string("proxy_protocol", "none");
    if (!proxy.equals("none") && !proxy.equals("v2")) {
      throw node.error("proxy_protocol", "'" + proxy + "' (expected: none or v2)");
    }
    String protocol = node.string("protocol", "tcp");
    if (!protocol.equals("tcp") && !protocol.equals("udp")) {
      throw node.error("protocol", "'" + protocol + "' (expected: tcp or udp)");
    }
    node.done();
    return new Target(
        HostAndPort.create(text.substring(0, colon), port),
        proxy.equals("v2"),
        protocol.equals("udp"));
  }
}
