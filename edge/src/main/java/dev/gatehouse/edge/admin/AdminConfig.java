package dev.gatehouse.edge.admin;

import dev.gatehouse.shared.config.ConfigNode;
import dev.gatehouse.shared.net.AddressSet;

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
    if (config.enabled() && !AddressSet.isLoopback(config.host())) {
      throw node.error(
          "host",
          config.host()
              + " is not a loopback address: the admin listener asks for no credentials, keep it"
              + " on 127.0.0.1 or ::1");
    }
    node.done();
    return config;
  }

  /** {@code admin.port: -1} turns the listener off. */
  public boolean enabled() {
    return port >= 0;
  }
}
