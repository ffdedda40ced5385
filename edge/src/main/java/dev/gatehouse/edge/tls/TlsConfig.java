package dev.gatehouse.edge.tls;

import dev.gatehouse.shared.config.ConfigNode;
import java.nio.file.Files;
import java.nio.file.Path;

/** {@code tls:} section: the PEM certificate chain and private key, as certbot writes them. */
public record TlsConfig(Path cert, Path key) {

  public static TlsConfig from(ConfigNode node) {
    TlsConfig config = new TlsConfig(readable(node, "cert"), readable(node, "key"));
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
