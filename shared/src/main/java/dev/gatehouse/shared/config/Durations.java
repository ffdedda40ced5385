package dev.gatehouse.shared.config;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the short durations used in config files: {@code 250ms}, {@code 10s}, {@code 5m}, {@code
 * 2h}, {@code 1d}; and writes a duration back that way, for messages about what a file says.
 */
public final class Durations {

  private static final Pattern FORMAT = Pattern.compile("(\\d+)(ms|s|m|h|d)");

  private Durations() {}

  public static Duration parse(String text) {
    Matcher m = FORMAT.matcher(text.trim());
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "'" + text + "' is not a duration (expected: a number and ms, s, m, h or d, e.g. 10s)");
    }
    Duration value;
    try {
      long amount = Long.parseLong(m.group(1));
      value =
          switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            default -> Duration.ofDays(amount);
          };
    } catch (ArithmeticException | NumberFormatException e) {
      throw new IllegalArgumentException("'" + text + "' is longer than any duration can be");
    }
    if (value.isZero()) {
      throw new IllegalArgumentException("'" + text + "' must be greater than zero");
    }
    return value;
  }

  /** {@code value} in the largest unit that holds it whole: {@code 500ms}, {@code 25d}. */
  public static String format(Duration value) {
    if (value.getNano() != 0) {
      return value.toMillis() + "ms"; // written in ms: a number of them a long holds
    }
    long seconds = value.getSeconds();
    long[] sizes = {86_400, 3_600, 60};
    String[] units = {"d", "h", "m"};
    for (int i = 0; i < sizes.length; i++) {
      if (seconds != 0 && seconds % sizes[i] == 0) {
        return seconds / sizes[i] + units[i];
      }
    }
    return seconds + "s";
  }
}
