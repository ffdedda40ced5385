package dev.gatehouse.shared.config;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * One mapping of a YAML config file, read key by key into config records. It remembers which keys
 * were read so {@link #done()} can reject the ones nobody asked for: a misspelt key must stop
 * start-up, not be silently ignored.
 */
public final class ConfigNode extends ConfigValues {

  /** Where a value sits: the file and the dotted key, for error messages. */
  record Location(String file, String key) {
    ConfigException error(String problem) {
      return new ConfigException(file, key, problem);
    }
  }

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

  @Override
  public ConfigException error(String key, String problem) {
    return new ConfigException(file, keyOf(key), problem);
  }

  @Override
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
