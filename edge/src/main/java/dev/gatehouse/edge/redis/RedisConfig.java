package dev.gatehouse.edge.redis;

import dev.gatehouse.shared.config.ConfigNode;
import java.time.Duration;
import java.util.Optional;

/**
 * {@code redis:} section. With {@code url} set, rate-limit counters and bans live in Redis, so
 * several edges enforce one limit together; without it, each edge keeps them in memory.
 */
public record RedisConfig(Optional<String> url, String keyPrefix, Duration timeout) {

  public static final String DEFAULT_KEY_PREFIX = "gatehouse:";
  public static final Duration DEFAULT_TIMEOUT = Duration.ofMillis(250);

  public static RedisConfig from(ConfigNode node) {
    Optional<String> url = node.optionalString("url");
    url.ifPresent(
        u -> {
          if (!u.startsWith("redis://") && !u.startsWith("rediss://") && !u.startsWith("unix://")) {
            throw node.error(
                "url", "'" + shown(u) + "' must start with redis://, rediss:// or unix://");
          }
        });
    RedisConfig config =
        new RedisConfig(
            url,
            node.string("key_prefix", DEFAULT_KEY_PREFIX),
            node.duration("timeout", DEFAULT_TIMEOUT));
    node.done();
    return config;
  }

  public boolean enabled() {
    return url.isPresent();
  }

  /**
   * {@code url} as it may be logged: without the password it may carry (redis://user:pw@host) or
   * its query, where a client library may read one too.
   */
  static String shown(String url) {
    int query = url.indexOf('?');
    String bare = query < 0 ? url : url.substring(0, query);
    int scheme = bare.indexOf("://");
    int at = bare.lastIndexOf('@');
    return scheme < 0 || at < scheme
        ? bare
        : bare.substring(0, scheme + 3) + bare.substring(at + 1);
  }
}
