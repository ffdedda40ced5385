package dev.gatehouse.edge.tls;

import dev.gatehouse.edge.acme.AcmeConfig;
import dev.gatehouse.shared.config.ConfigNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.net.ssl.SSLContext;

/**
 * {@code tls:} section: the PEM certificate chain and private key, as certbot writes them, or
 * {@code acme:} to have the edge obtain them itself; how often to look for renewed files, the
 * cipher suites offered and the HSTS header sent.
 */
public record TlsConfig(
    Path cert,
    Path key,
    Duration reloadInterval,
    List<String> ciphers,
    String hsts,
    Optional<AcmeConfig> acme) {

  public static final Duration DEFAULT_RELOAD_INTERVAL = Duration.ofMinutes(1);

  /**
   * Mozilla's "intermediate" configuration without its DHE suites: on TLS 1.2 only forward-secret
   * ECDHE with an AEAD cipher (AES-GCM, ChaCha20-Poly1305), for RSA and ECDSA certificates; on TLS
   * 1.3 all three suites. No static RSA, no CBC, no SHA-1.
   */
  public static final List<String> DEFAULT_CIPHERS =
      List.of(
          "TLS_AES_128_GCM_SHA256",
          "TLS_AES_256_GCM_SHA384",
          "TLS_CHACHA20_POLY1305_SHA256",
          "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
          "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
          "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
          "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
          "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
          "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");

  /** Two years, subdomains included, as Mozilla recommends. */
  public static final String DEFAULT_HSTS = "max-age=63072000; includeSubDomains";

  public static TlsConfig from(ConfigNode node) {
    Duration reloadInterval = node.duration("reload_interval", DEFAULT_RELOAD_INTERVAL);
    List<String> ciphers = ciphers(node);
    String hsts = node.string("hsts", DEFAULT_HSTS);
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
          new TlsConfig(
              acme.certificateFile(),
              acme.keyFile(),
              reloadInterval,
              ciphers,
              hsts,
              Optional.of(acme));
    } else {
      config =
          new TlsConfig(
              readable(node, "cert"),
              readable(node, "key"),
              reloadInterval,
              ciphers,
              hsts,
              Optional.empty());
    }
    node.done();
    return config;
  }

  /** Suites by their IANA names, each one this Java runtime knows (both TLS engines take them). */
  private static List<String> ciphers(ConfigNode node) {
    List<String> ciphers = node.strings("ciphers", DEFAULT_CIPHERS);
    Set<String> known = knownSuites();
    for (int i = 0; i < ciphers.size(); i++) {
      if (!known.contains(ciphers.get(i))) {
        throw node.error(
            "ciphers[" + i + "]",
            "'"
                + ciphers.get(i)
                + "' is not a cipher suite name (expected IANA names such as "
                + DEFAULT_CIPHERS.get(3)
                + ")");
      }
    }
    if (ciphers.isEmpty()) {
      throw node.error("ciphers", "at least one cipher suite is required");
    }
    return ciphers;
  }

  private static Set<String> knownSuites() {
    try {
      return Set.of(SSLContext.getDefault().getSupportedSSLParameters().getCipherSuites());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this Java runtime has no TLS", e);
    }
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
