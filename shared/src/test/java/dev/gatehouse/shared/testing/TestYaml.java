package dev.gatehouse.shared.testing;

import dev.gatehouse.shared.config.ConfigFiles;
import dev.gatehouse.shared.config.ConfigNode;
import java.io.StringReader;
import java.util.Map;

/** Config text for tests, read by the same loader as production files. */
public final class TestYaml {

  private TestYaml() {}

  public static ConfigNode parse(String yaml) {
    return parse(yaml, Map.of());
  }

  public static ConfigNode parse(String yaml, Map<String, String> env) {
    return ConfigFiles.parse("test.yaml", new StringReader(yaml), env::get);
  }
}
