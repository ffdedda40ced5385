package dev.gatehouse.agent.admin;

import dev.gatehouse.shared.config.ConfigNode;
import dev.gatehouse.shared.net.AddressSet;

/**
 * {@code admin:} section: the agent's operator listener ({@code /metrics}), off unless a port is
 * given. On loopback by default; the WireGuard address lets a Prometheus on the VPS scrape it.
 */
public record AgentAdminConfig(String host, int port) {

  public static final String DEFAULT_HOST = "127.0.0.1";
  public static final int OFF = -1;

  public static AgentAdminConfig from(ConfigNode node, String listenHost, int listenPort) {
    AgentAdminConfig config =
        new AgentAdminConfig(
            node.string("host", DEFAULT_HOST), node.integer("port", OFF, -1, 65535));
    if (config.enabled() && config.port() != 0 && config.port() == listenPort) {
      throw node.error(
          "port",
          config.port()
              + " is the agent's own listener (listen.port); the admin listener needs a port of its"
              + " own");
    }
    if (config.enabled() && !AddressSet.isPrivate(config.host())) {
      throw node.error(
          "host",
          config.host()
              + " is not a loopback or private IP address (a wildcard, a public address or a host"
              + " name): the admin listener asks for no credentials, keep it where the internet"
              + " cannot reach, such as the WireGuard address");
    }
    node.done();
    return config;
  }

  /** {@code admin.port: -1}, or no {@code admin:} section, leaves the listener off. */
  public boolean enabled() {
    return port >= 0;
  }
}
