package dev.gatehouse.shared.config;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parsers of single config values. Each throws {@link IllegalArgumentException} with the problem as
 * its message, which {@link ConfigNode} turns into an error naming the file and key.
 */
final class Scalars {

  private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(B|KiB|MiB)?");

  private Scalars() {}

  static int integer(String text, int min, int max) {
    int value;
    try {
      value = Integer.parseInt(text);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("'" + text + "' is not a whole number");
    }
    if (value < min || value > max) {
      throw new IllegalArgumentException(
          value + " is out of range (expected: " + min + ".." + max + ")");
    }
    return value;
  }

  static boolean bool(String text) {
    return switch (text.toLowerCase()) {
      case "true", "yes", "on" -> true;
      case "false", "no", "off" -> false;
      default -> throw new IllegalArgumentException("'" + text + "' is not true or false");
    };
  }

  /** A size in bytes: {@code 512}, {@code 16KiB}, {@code 1MiB}. */
  static long size(String text) {
    Matcher m = SIZE.matcher(text);
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "'" + text + "' is not a size (expected: e.g. 512, 16KiB, 1MiB)");
    }
    long unit =
        m.group(2) == null || m.group(2).equals("B")
            ? 1
            : m.group(2).equals("KiB") ? 1024 : 1024 * 1024;
    try {
      return Math.multiplyExact(Long.parseLong(m.group(1)), unit);
    } catch (ArithmeticException | NumberFormatException e) {
      throw new IllegalArgumentException("'" + text + "' is larger than any size can be");
    }
  }

  /** An absolute URL path, as routes and health checks name them. */
  static String urlPath(String text) {
    if (!text.startsWith("/")) {
      throw new IllegalArgumentException("'" + text + "' must start with /");
    }
    return text;
  }
}
