package dev.gatehouse.edge.framing;

import dev.gatehouse.shared.error.ApiError;
import dev.gatehouse.shared.error.ErrorCode;

/**
 * What a request target may hold before the edge routes it or passes it on: no control character,
 * space, {@code "}, {@code <}, {@code >}, {@code #} or byte beyond ASCII (a browser sends those
 * percent-encoded), and every {@code %} followed by two hex digits. Characters browsers send as
 * they are ({@code |}, {@code ^}, {@code [}, {@code \} in a query) pass: the rest of the path is
 * the agent's to judge.
 */
public final class RequestTarget {

  private RequestTarget() {}

  public static boolean valid(String target) {
    for (int i = 0; i < target.length(); i++) {
      char c = target.charAt(i);
      if (c == '%') {
        if (i + 2 >= target.length() || !hex(target.charAt(i + 1)) || !hex(target.charAt(i + 2))) {
          return false;
        }
        i += 2;
      } else if (c <= ' ' || c >= 0x7f || c == '"' || c == '<' || c == '>' || c == '#') {
        return false;
      }
    }
    return true;
  }

  public static ApiError invalid() {
    return new ApiError(
        ErrorCode.BAD_REQUEST,
        "The request target holds a character that must be percent-encoded, or a broken escape.");
  }

  private static boolean hex(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }
}
