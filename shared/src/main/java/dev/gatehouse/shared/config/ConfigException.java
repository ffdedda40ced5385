package dev.gatehouse.shared.config;

/** A configuration problem, reported as one line that names the file and the key. */
public final class ConfigException extends RuntimeException {

  public ConfigException(String file, String key, String problem) {
    super(
        key == null || key.isEmpty() ? file + ": " + problem : file + ": " + key + ": " + problem);
  }
}
