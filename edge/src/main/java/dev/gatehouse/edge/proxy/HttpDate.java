package dev.gatehouse.edge.proxy;

import io.netty.handler.codec.DateFormatter;
import java.util.Date;

/**
 * The {@code Date} a proxy adds to an answer that has none (RFC 9110 section 6.6.1), in the
 * IMF-fixdate form. Formatted once per second, not per answer.
 */
final class HttpDate {

  private record Second(long epochSecond, String text) {}

  private static volatile Second last = new Second(Long.MIN_VALUE, "");

  private HttpDate() {}

  static String now() {
    long epochSecond = System.currentTimeMillis() / 1000;
    Second second = last;
    if (second.epochSecond() != epochSecond) {
      second = new Second(epochSecond, DateFormatter.format(new Date(epochSecond * 1000)));
      last = second;
    }
    return second.text();
  }
}
