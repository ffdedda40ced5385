package dev.gatehouse.edge.tls;

import dev.gatehouse.edge.acme.AcmeConfig;
import dev.gatehouse.shared.config.ConfigNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * {@code tls:} section: the PEM certificate chain and private key, as certbot writes them, or
 * {@code acme:} to have the edge obtain them itself; and how often to look for renewed files.
 */
public record TlsConfig(Path cert, Path key, Duration reloadInterval, Optional<AcmeConfig> acme) {

  public static final Duration DEFAULT_RELOAD_INTERVAL = Duration.ofMinutes(1);

  public static TlsConfig from(ConfigNode node) {
    Duration reloadInterval = node.duration("reload_interval", DEFAULT_RELOAD_INTERVAL);
    Optional<ConfigNode> acmeNode = node.optionalChild("acme");
    TlsConfig config;
    if (acmeNode.isPresent()) {
      for (String file : new String[] {"cert", "key"}) {
        if (node.optionalString(file).isPresent()) {
          throw node.error(
              "acme",
              "cannot be used together with "
                  + node.keyOf(file)
                  + ": either the edge obtains its certificate over ACME or it loads PEM files");
        }
      }
      AcmeConfig acme = AcmeConfig.from(acmeNode.get());
      config =
          new TlsConfig(acme.certificateFile(), acme.keyFile(), reloadInterval, Optional.of(acme));
    } else {
      config =
          new TlsConfig(
              readable(node, "cert"), readable(node, "key"), reloadInterval, Optional.empty());
    }
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
