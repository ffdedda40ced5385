package dev.gatehouse.edge.tls;

import dev.gatehouse.shared.config.ConfigNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * {@code tls:} section: the PEM certificate chain and private key, as certbot writes them, and how
 * often to look for renewed files.
 */
public record TlsConfig(Path cert, Path key, Duration reloadInterval) {

  public static final Duration DEFAULT_RELOAD_INTERVAL = Duration.ofMinutes(1);

  public static TlsConfig from(ConfigNode node) {
    TlsConfig config =
        new TlsConfig(
            readable(node, "cert"),
            readable(node, "key"),
            node.duration("reload_interval", DEFAULT_RELOAD_INTERVAL));
    node.done();
    return config;
  }

  private static Path readable(ConfigNode node, String key) {
    Path path = Path.of(node.string(key));
    if (!Files.isRegularFile(path)) {
      throw node.error(key, path + " does not exist");
    }
    if (!Files.isReadable(path)) {
      throw node.error(key, path + " is not readable by this user");
    }
    return path;
  }
}
