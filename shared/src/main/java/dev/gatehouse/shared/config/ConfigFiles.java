package dev.gatehouse.shared.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;

/** Reads a YAML config file into a {@link ConfigNode}; the typed records take it from there. */
public final class ConfigFiles {

  private ConfigFiles() {}

  /** Reads {@code file}, resolving {@code ${ENV}} references from the process environment. */
  public static ConfigNode read(Path file) {
    return read(file, System::getenv);
  }

  public static ConfigNode read(Path file, Function<String, String> env) {
    String name = file.toString();
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      return parse(name, reader, env);
    } catch (NoSuchFileException e) {
      throw new ConfigException(name, null, "file not found");
    } catch (IOException e) {
      throw new ConfigException(name, null, "cannot read: " + e.getMessage());
    }
  }

  /** Parses YAML text; {@code name} is what error messages call the file. */
  public static ConfigNode parse(String name, Reader yamlText, Function<String, String> env) {
    Object root;
    try {
      root = new Yaml(new SafeConstructor(new LoaderOptions())).load(yamlText);
    } catch (MarkedYAMLException e) {
      throw new ConfigException(
          name, null, "line " + (e.getProblemMark().getLine() + 1) + ": " + e.getProblem());
    } catch (YAMLException e) {
      throw new ConfigException(name, null, "not valid YAML: " + e.getMessage());
    }
    if (root == null) {
      root = Map.of();
    }
    if (!(root instanceof Map<?, ?> map)) {
      throw new ConfigException(name, null, "expected a mapping of keys to values at the top");
    }
    Map<String, Object> values = new LinkedHashMap<>();
    map.forEach((k, v) -> values.put(String.valueOf(k), v));
    return new ConfigNode(name, "", values, env);
  }
}
