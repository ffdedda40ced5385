package dev.gatehouse.shared.log;

import dev.gatehouse.shared.config.ConfigNode;
import java.util.List;

/** {@code log:} section: {@code format: text|json} and the root {@code level}. */
public record LogConfig(String format, String level) {

  public static final String DEFAULT_FORMAT = "text";
  public static final String DEFAULT_LEVEL = "info";

  public static LogConfig from(ConfigNode node) {
    LogConfig config =
        new LogConfig(
            node.choice("format", DEFAULT_FORMAT, List.of("text", "json")),
            node.choice(
                "level", DEFAULT_LEVEL, List.of("trace", "debug", "info", "warn", "error")));
    node.done();
    return config;
  }

  public boolean json() {
    return "json".equals(format);
  }
}
