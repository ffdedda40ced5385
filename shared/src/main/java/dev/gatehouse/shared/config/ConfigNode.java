package dev.gatehouse.shared.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One mapping of a YAML config file, read key by key into config records. It remembers which keys
 * were read so {@link #done()} can reject the ones nobody asked for: a misspelt key must stop
 * start-up, not be silently ignored.
 */
public final class ConfigNode {

  /** Where a value sits: the file and the dotted key, for error messages. */
  record Location(String file, String key) {
    ConfigException error(String problem) {
      return new ConfigException(file, key, problem);
    }
  }

  private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(B|KiB|MiB)?");

  private final String file;
  private final String path;
  private final Map<String, Object> values;
  private final Function<String, String> env;
  private final Set<String> read = new LinkedHashSet<>();

  ConfigNode(String file, String path, Map<String, Object> values, Function<String, String> env) {
    this.file = file;
    this.path = path;
    this.values = values;
    this.env = env;
  }

  public String file() {
    return file;
  }

  /** The dotted key of {@code key} under this node, as error messages show it. */
  public String keyOf(String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  /** An error about {@code key} of this node, naming the file and the full key. */
  public ConfigException error(String key, String problem) {
    return new ConfigException(file, keyOf(key), problem);
  }

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

  /** A string, with {@code ${ENV}} references resolved; empty after resolution counts as absent. */
  public Optional<String> optionalString(String key) {
    Object raw = raw(key);
    if (raw == null) {
      return Optional.empty();
    }
    if (raw instanceof Map || raw instanceof List) {
      throw error(key, "expected a single value");
    }
    String value = Interpolation.resolve(String.valueOf(raw), env, new Location(file, keyOf(key)));
    return value.isBlank() ? Optional.empty() : Optional.of(value.trim());
  }

  public int integer(String key, int defaultValue, int min, int max) {
    Optional<String> text = optionalString(key);
    if (text.isEmpty()) {
      return defaultValue;
    }
    int value;
    try {
      value = Integer.parseInt(text.get());
    } catch (NumberFormatException e) {
      throw error(key, "'" + text.get() + "' is not a whole number");
    }
    if (value < min || value > max) {
      throw error(key, value + " is out of range (expected: " + min + ".." + max + ")");
    }
    return value;
  }

  public boolean bool(String key, boolean defaultValue) {
    Optional<String> text = optionalString(key);
    if (text.isEmpty()) {
      return defaultValue;
    }
    return switch (text.get().toLowerCase()) {
      case "true", "yes", "on" -> true;
      case "false", "no", "off" -> false;
      default -> throw error(key, "'" + text.get() + "' is not true or false");
    };
  }

  /** A duration like {@code 500ms}, {@code 10s}, {@code 5m}, {@code 1h}; must be positive. */
  public Duration duration(String key, Duration defaultValue) {
    Optional<String> text = optionalString(key);
    if (text.isEmpty()) {
      return defaultValue;
    }
    try {
      return Durations.parse(text.get());
    } catch (IllegalArgumentException e) {
      throw error(key, e.getMessage());
    }
  }

  /** A size in bytes: {@code 512}, {@code 16KiB}, {@code 1MiB}. */
  public long size(String key, long defaultValue) {
    Optional<String> text = optionalString(key);
    if (text.isEmpty()) {
      return defaultValue;
    }
    Matcher m = SIZE.matcher(text.get());
    if (!m.matches()) {
      throw error(key, "'" + text.get() + "' is not a size (expected: e.g. 512, 16KiB, 1MiB)");
    }
    long unit =
        m.group(2) == null || m.group(2).equals("B")
            ? 1
            : m.group(2).equals("KiB") ? 1024 : 1024 * 1024;
    return Long.parseLong(m.group(1)) * unit;
  }

  /** One of the given words, case-insensitive, returned in lower case. */
  public String choice(String key, String defaultValue, List<String> allowed) {
    String value = string(key, defaultValue).toLowerCase();
    if (!allowed.contains(value)) {
      throw error(key, "'" + value + "' is not one of " + allowed);
    }
    return value;
  }

  public List<String> strings(String key, List<String> defaultValue) {
    Object raw = raw(key);
    if (raw == null) {
      return defaultValue;
    }
    if (!(raw instanceof List<?> list)) {
      throw error(key, "expected a list");
    }
    List<String> out = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      Object item = list.get(i);
      if (item == null || item instanceof Map || item instanceof List) {
        throw error(key + "[" + i + "]", "expected a single value");
      }
      Location where = new Location(file, keyOf(key) + "[" + i + "]");
      out.add(Interpolation.resolve(String.valueOf(item), env, where).trim());
    }
    return List.copyOf(out);
  }

  public ConfigNode child(String key) {
    return optionalChild(key).orElseThrow(() -> error(key, "is required"));
  }

  /** A nested mapping; an absent key gives an empty node so defaults apply. */
  public ConfigNode childOrEmpty(String key) {
    return optionalChild(key).orElseGet(() -> new ConfigNode(file, keyOf(key), Map.of(), env));
  }

  public Optional<ConfigNode> optionalChild(String key) {
    Object raw = raw(key);
    if (raw == null) {
      return Optional.empty();
    }
    return Optional.of(asNode(raw, keyOf(key)));
  }

  /** A list of mappings, e.g. {@code routes}. */
  public List<ConfigNode> children(String key) {
    Object raw = raw(key);
    if (raw == null) {
      return List.of();
    }
    if (!(raw instanceof List<?> list)) {
      throw error(key, "expected a list");
    }
    List<ConfigNode> out = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      out.add(asNode(list.get(i), keyOf(key) + "[" + i + "]"));
    }
    return out;
  }

  /**
   * A non-empty list of mappings read with {@code reader}, where no two entries may share the value
   * {@code idOf} gives (e.g. a route's path); the error names the repeated entry's key.
   */
  public <T> List<T> uniqueList(
      String key, String idKey, Function<ConfigNode, T> reader, Function<T, String> idOf) {
    List<T> out = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (ConfigNode node : children(key)) {
      T item = reader.apply(node);
      if (!seen.add(idOf.apply(item))) {
        throw node.error(idKey, "'" + idOf.apply(item) + "' appears twice");
      }
      out.add(item);
    }
    if (out.isEmpty()) {
      throw error(key, "at least one entry is required");
    }
    return List.copyOf(out);
  }

  /** The keys of a mapping whose keys are names, e.g. {@code upstreams: {agent: ...}}. */
  public List<String> keys() {
    return List.copyOf(values.keySet());
  }

  /** Fails on the first key of this node that no reader asked for. */
  public void done() {
    for (String key : values.keySet()) {
      if (!read.contains(key)) {
        throw error(key, "unknown key");
      }
    }
  }

  private Object raw(String key) {
    read.add(key);
    return values.get(key);
  }

  @SuppressWarnings("unchecked")
  private ConfigNode asNode(Object raw, String childPath) {
    if (!(raw instanceof Map<?, ?> map)) {
      throw new ConfigException(file, childPath, "expected a mapping of keys to values");
    }
    Map<String, Object> copy = new LinkedHashMap<>();
    map.forEach((k, v) -> copy.put(String.valueOf(k), v));
    return new ConfigNode(file, childPath, copy, env);
  }
}
