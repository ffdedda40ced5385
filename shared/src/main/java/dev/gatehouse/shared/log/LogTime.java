package dev.gatehouse.shared.log;

import java.time.Instant;

/**
 * The {@code time} of a log line, ISO-8601 in UTC with milliseconds ({@code
 * 2026-11-23T18:23:40.123Z}). Every access line has one: the date and time of day are formatted
 * once per second and reused, so a line costs three digits instead of a trip through {@code
 * java.time}'s formatter, which was a visible share of the edge's per-request work.
 */
public final class LogTime {

  /** The formatted second a line last fell in; lines of other seconds replace it. */
  private record Second(long epochSecond, String prefix) {}

  private static volatile Second last = new Second(Long.MIN_VALUE, "");

  private LogTime() {}

  public static String format(long epochMillis) {
    long epochSecond = Math.floorDiv(epochMillis, 1000);
    Second second = last;
    if (second.epochSecond() != epochSecond) {
      second = new Second(epochSecond, prefix(epochSecond));
      last = second;
    }
    int millis = (int) Math.floorMod(epochMillis, 1000);
    StringBuilder time = new StringBuilder(24).append(second.prefix());
    if (millis < 100) {
      time.append('0');
    }
    if (millis < 10) {
      time.append('0');
    }
    return time.append(millis).append('Z').toString();
  }

  /** {@code 2026-11-23T18:23:40.}: the part of a time shared by every millisecond of a second. */
  private static String prefix(long epochSecond) {
    String whole = Instant.ofEpochSecond(epochSecond).toString(); // ends "...:40Z"
    return whole.substring(0, whole.length() - 1) + ".";
  }
}
