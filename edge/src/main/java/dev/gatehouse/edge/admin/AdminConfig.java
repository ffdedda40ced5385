package dev.gatehouse.edge.admin;

import dev.gatehouse.shared.config.ConfigNode;

/**
 * {@code admin:} section: the operator's listener, on the loopback address unless told otherwise.
 */
public record AdminConfig(String host, int port) {

  public static final String DEFAULT_HOST = "127.0.0.1";
  public static final int DEFAULT_PORT = 9901;

  public static AdminConfig from(ConfigNode node) {
    AdminConfig config =
        new AdminConfig(
            node.string("host", DEFAULT_HOST), node.integer("port", DEFAULT_PORT, -1, 65535));
    node.done();
    return config;
  }

  /** {@code admin.port: -1} turns the listener off. */
  public boolean enabled() {
    return port >= 0;
  }
}
