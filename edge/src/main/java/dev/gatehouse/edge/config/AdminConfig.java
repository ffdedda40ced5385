package dev.gatehouse.edge.config;

import dev.gatehouse.shared.config.ConfigNode;
import dev.gatehouse.shared.net.AddressSet;

/**
 * {@code admin:} section: the operator's listener, on the loopback address unless operators are
 * configured (then every {@code /admin/} call needs their token), and the admin API's accounts.
 */
public record AdminConfig(String host, int port, AdminAuthConfig auth) {

  public static final String DEFAULT_HOST = "127.0.0.1";
  public static final int DEFAULT_PORT = 9901;

  public static AdminConfig from(ConfigNode node) {
    AdminConfig config =
        new AdminConfig(
            node.string("host", DEFAULT_HOST),
            node.integer("port", DEFAULT_PORT, -1, 65535),
            AdminAuthConfig.from(node));
    if (config.enabled() && !config.auth().enabled() && !AddressSet.isLoopback(config.host())) {
      throw node.error(
          "host",
          config.host()
              + " is not a loopback address: without admin.operators the listener asks for no"
              + " credentials, keep it on 127.0.0.1 or ::1");
    }
    if (config.enabled() && !AddressSet.isPrivate(config.host())) {
      // Passwords and tokens cross it in clear: never where the internet reaches it.
      throw node.error(
          "host",
          config.host()
              + " is not a loopback or private IP address (a wildcard, a public address or a host"
              + " name): the admin listener speaks plain HTTP, keep it where the internet cannot"
              + " reach, such as the WireGuard address");
    }
    node.done();
    return config;
  }

  /** {@code admin.port: -1} turns the listener off. */
  public boolean enabled() {
    return port >= 0;
  }
}
