package dev.gatehouse.edge.cors;

import java.util.Locale;
import java.util.Set;

/** Decides whether a page's origin may read the API's responses; {@link CorsHandler} answers. */
public final class CorsPolicy {

  private final Set<String> allowedOrigins;

  public CorsPolicy(CorsConfig config) {
    this.allowedOrigins = config.allowedOrigins();
  }

  /** Origins compare case-insensitively (scheme and host are), exactly otherwise. */
  public boolean allows(String origin) {
    return origin != null && allowedOrigins.contains(origin.toLowerCase(Locale.ROOT));
  }
}
