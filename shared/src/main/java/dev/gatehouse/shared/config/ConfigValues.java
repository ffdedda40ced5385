package dev.gatehouse.shared.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The typed readers of single values every config mapping has, built on {@link
 * #optionalString(String)}: each bad value is an error naming the file and the key.
 */
public abstract class ConfigValues {

  private static final Duration LONGEST_TIMEOUT = Duration.ofHours(24);
  private static final Duration LONGEST_DURATION = Duration.ofDays(365);

  /** A string, with {@code ${ENV}} references resolved; empty after resolution counts as absent. */
  public abstract Optional<String> optionalString(String key);

  /** An error about {@code key} of this mapping, naming the file and the full key. */
  public abstract ConfigException error(String key, String problem);

  /**
   * The contents of the file named under {@code key}, trimmed: a secret kept out of the YAML. An
   * unreadable file is a config error naming the key.
   */
  public Optional<String> secretFile(String key) {
    return optionalString(key)
        .map(
            file -> {
              try {
                return Files.readString(Path.of(file)).strip();
              } catch (IOException e) {
                throw error(key, "cannot read " + file + ": " + e.getMessage());
              }
            });
  }

  public String string(String key) {
    return optionalString(key).orElseThrow(() -> error(key, "is required"));
  }

  public String string(String key, String defaultValue) {
    return optionalString(key).orElse(defaultValue);
  }

  public int integer(String key, int defaultValue, int min, int max) {
    return parsed(key, defaultValue, text -> Scalars.integer(text, min, max));
  }

  public boolean bool(String key, boolean defaultValue) {
    return parsed(key, defaultValue, Scalars::bool);
  }

  /**
   * A duration like {@code 500ms}, {@code 10s}, {@code 5m}, {@code 1h}; positive and at most a
   * year. Durations are added to the time of day and turned into milliseconds and nanoseconds;
   * bounded here, no sum or conversion of one overflows at run time.
   */
  public Duration duration(String key, Duration defaultValue) {
    return atMost(key, defaultValue, LONGEST_DURATION, "365d");
  }

  /**
   * A timeout or a short lifetime: a duration of at most a day. Netty and Vert.x take timeouts as
   * an int of milliseconds, which a longer one (from about 24.8 days) would overflow into a
   * negative value; a JWT's lifetime is an int of seconds.
   */
  public Duration timeout(String key, Duration defaultValue) {
    return atMost(key, defaultValue, LONGEST_TIMEOUT, "24h");
  }

  /** A timeout, as above, of at least {@code shortest}. */
  public Duration timeout(String key, Duration defaultValue, Duration shortest) {
    Duration value = timeout(key, defaultValue);
    if (value.compareTo(shortest) < 0) {
      throw error(
          key,
          Durations.format(value) + " (expected: at least " + Durations.format(shortest) + ")");
    }
    return value;
  }

  private Duration atMost(String key, Duration defaultValue, Duration longest, String said) {
    Duration value = parsed(key, defaultValue, Durations::parse);
    if (value.compareTo(longest) > 0) {
      throw error(key, Durations.format(value) + " (expected: at most " + said + ")");
    }
    return value;
  }

  /** A size in bytes: {@code 512}, {@code 16KiB}, {@code 1MiB}. */
  public long size(String key, long defaultValue) {
    return parsed(key, defaultValue, Scalars::size);
  }

  /** An absolute URL path, starting with {@code /}. */
  public String urlPath(String key) {
    return Optional.ofNullable(urlPath(key, null)).orElseThrow(() -> error(key, "is required"));
  }

  public String urlPath(String key, String defaultValue) {
    return parsed(key, defaultValue, Scalars::urlPath);
  }

  /** One of the given words, case-insensitive, returned in lower case. */
  public String choice(String key, String defaultValue, List<String> allowed) {
    String value = string(key, defaultValue).toLowerCase();
    if (!allowed.contains(value)) {
      throw error(key, "'" + value + "' is not one of " + allowed);
    }
    return value;
  }

  private <T> T parsed(String key, T defaultValue, Function<String, T> parser) {
    Optional<String> text = optionalString(key);
    if (text.isEmpty()) {
      return defaultValue;
    }
    try {
      return parser.apply(text.get());
    } catch (IllegalArgumentException e) {
      throw error(key, e.getMessage());
    }
  }
}
