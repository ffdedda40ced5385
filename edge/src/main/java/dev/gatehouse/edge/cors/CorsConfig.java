package dev.gatehouse.edge.cors;

import dev.gatehouse.shared.config.ConfigNode;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** {@code cors:} section: the exact origins (scheme://host[:port]) whose pages may call the API. */
public record CorsConfig(Set<String> allowedOrigins, Duration maxAge) {

  public static final Duration DEFAULT_MAX_AGE = Duration.ofMinutes(10);

  public static CorsConfig from(ConfigNode node) {
    Set<String> origins = new LinkedHashSet<>();
    List<String> listed = node.strings("allowed_origins", List.of());
    for (int i = 0; i < listed.size(); i++) {
      String origin = listed.get(i);
      if (!isOrigin(origin)) {
        throw node.error(
            "allowed_origins[" + i + "]",
            "'" + origin + "' must look like https://game.example.com");
      }
      origins.add(origin.toLowerCase(java.util.Locale.ROOT));
    }
    CorsConfig config =
        new CorsConfig(Set.copyOf(origins), node.duration("max_age", DEFAULT_MAX_AGE));
    node.done();
    return config;
  }

  /** scheme://host[:port] and nothing else: what browsers send in {@code Origin}. */
  private static boolean isOrigin(String text) {
    try {
      URI uri = new URI(text);
      return uri.getScheme() != null
          && uri.getHost() != null
          && (uri.getRawPath() == null || uri.getRawPath().isEmpty())
          && uri.getRawQuery() == null
          && uri.getRawFragment() == null;
    } catch (URISyntaxException e) {
      return false;
    }
  }
}
