package dev.gatehouse.shared.config;

import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replaces {@code ${NAME}} and {@code ${NAME:-default}} in config values with environment
 * variables, so secrets stay out of the YAML file.
 */
final class Interpolation {

  private static final Pattern REFERENCE =
      Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?}");

  private Interpolation() {}

  /**
   * Returns the value with every reference resolved; throws naming the variable if one is unset.
   */
  static String resolve(String value, Function<String, String> env, ConfigNode.Location where) {
    if (value.indexOf("${") < 0) {
      return value;
    }
    Matcher m = REFERENCE.matcher(value);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String name = m.group(1);
      String found = env.apply(name);
      if (found == null || (found.isEmpty() && m.group(2) != null)) {
        found = m.group(2);
      }
      if (found == null) {
        throw where.error("environment variable " + name + " is not set");
      }
      m.appendReplacement(out, Matcher.quoteReplacement(found));
    }
    m.appendTail(out);
    if (out.indexOf("${") >= 0) {
      throw where.error("malformed ${...} reference in '" + value + "'");
    }
    return out.toString();
  }
}
