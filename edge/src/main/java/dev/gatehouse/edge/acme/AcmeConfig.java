package dev.gatehouse.edge.acme;

import dev.gatehouse.shared.config.ConfigNode;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code tls.acme:} section: certificates issued and renewed by the edge itself over ACME.
 *
 * @param email contact for the CA's expiry and policy mail; optional
 * @param domains the names the certificate covers, the first one its subject
 * @param directory the CA's ACME directory URL
 * @param stateDir where the account key, certificate, key and status are kept across restarts
 * @param trust a PEM file of CA certificates to trust for the ACME server's own HTTPS, for private
 *     ACME servers (step-ca, pebble); absent means the JVM's usual trust store
 */
public record AcmeConfig(
    Optional<String> email,
    List<String> domains,
    URI directory,
    Path stateDir,
    Optional<Path> trust) {

  public static final String LETS_ENCRYPT = "https://acme-v02.api.letsencrypt.org/directory";
  public static final String LETS_ENCRYPT_STAGING =
      "https://acme-staging-v02.api.letsencrypt.org/directory";

  /** In the service's state folder (the unit's {@code StateDirectory}), writable under it. */
  public static final Path DEFAULT_STATE_DIR = Path.of("/var/lib/gatehouse/acme-state");

  public static final String HTTP_01 = "http-01";

  // A DNS name of letters, digits and hyphens; HTTP-01 cannot prove wildcards or IP addresses.
  private static final Pattern HOST_NAME =
      Pattern.compile(
          "(?i)(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]([a-z0-9-]{0,61}[a-z0-9])?");

  public static AcmeConfig from(ConfigNode node) {
    Optional<String> email = node.optionalString("email");
    email.ifPresent(
        value -> {
          if (!value.matches("[^@\\s]+@[^@\\s]+")) {
            throw node.error("email", "'" + value + "' is not an e-mail address");
          }
        });
    List<String> domains = domains(node);
    URI directory = directory(node);
    node.choice("challenge", HTTP_01, List.of(HTTP_01));
    Path stateDir = Path.of(node.string("state_dir", DEFAULT_STATE_DIR.toString()));
    Optional<Path> trust = node.optionalString("trust").map(Path::of);
    trust.ifPresent(
        file -> {
          if (!Files.isReadable(file)) {
            throw node.error("trust", file + " does not exist or is not readable by this user");
          }
        });
    node.done();
    return new AcmeConfig(email, domains, directory, stateDir, trust);
  }

  /** The full certificate chain, leaf first, as served. */
  public Path certificateFile() {
    return stateDir.resolve("fullchain.pem");
  }

  /** The certificate's private key (mode 0600). */
  public Path keyFile() {
    return stateDir.resolve("privkey.pem");
  }

  /** The ACME account's key pair (mode 0600), made on first start and kept. */
  public Path accountKeyFile() {
    return stateDir.resolve("account.key");
  }

  /** Last issuance, next renewal and last error, for {@code doctor}. */
  public Path statusFile() {
    return stateDir.resolve("status.json");
  }

  private static List<String> domains(ConfigNode node) {
    List<String> domains = node.strings("domains", List.of());
    if (domains.isEmpty()) {
      throw node.error("domains", "at least one domain is required (e.g. [api.example.com])");
    }
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < domains.size(); i++) {
      String domain = domains.get(i).toLowerCase();
      if (!HOST_NAME.matcher(domain).matches()) {
        throw node.error(
            "domains[" + i + "]",
            "'" + domain + "' is not a DNS name (HTTP-01 proves neither wildcards nor addresses)");
      }
      if (!seen.add(domain)) {
        throw node.error("domains[" + i + "]", "'" + domain + "' appears twice");
      }
    }
    return domains.stream().map(String::toLowerCase).toList();
  }

  private static URI directory(ConfigNode node) {
    String text = node.string("directory", LETS_ENCRYPT);
    try {
      URI uri = new URI(text);
      if (!"https".equals(uri.getScheme()) || uri.getHost() == null) {
        throw node.error("directory", "'" + text + "' is not an https:// URL");
      }
      return uri;
    } catch (URISyntaxException e) {
      throw node.error("directory", "'" + text + "' is not a URL: " + e.getReason());
    }
  }
}
