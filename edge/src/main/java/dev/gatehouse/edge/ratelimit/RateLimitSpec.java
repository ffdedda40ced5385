package dev.gatehouse.edge.ratelimit;

import dev.gatehouse.shared.config.ConfigNode;
import dev.gatehouse.shared.config.Durations;
import java.time.Duration;

/** A route's limit as written in config: {@code 10/1m} is 10 requests per minute per client IP. */
public record RateLimitSpec(int limit, Duration window) {

  public static RateLimitSpec parse(ConfigNode node, String key, String text) {
    int slash = text.indexOf('/');
    try {
      if (slash < 1) {
        throw new IllegalArgumentException();
      }
      int limit = Integer.parseInt(text.substring(0, slash).trim());
      if (limit < 1) {
        throw new IllegalArgumentException();
      }
      return new RateLimitSpec(limit, Durations.parse(text.substring(slash + 1)));
    } catch (IllegalArgumentException e) {
      throw node.error(key, "'" + text + "' is not a rate (expected: requests/window, e.g. 10/1m)");
    }
  }

  /** The IETF draft's policy item, e.g. {@code "route";q=10;w=60}. */
  public String policyField(String name) {
    return "\"" + name + "\";q=" + limit + ";w=" + window.toSeconds();
  }
}
