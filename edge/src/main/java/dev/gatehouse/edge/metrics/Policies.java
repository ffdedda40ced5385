package dev.gatehouse.edge.metrics;

import dev.gatehouse.shared.error.ErrorCode;

/** Which of the edge's policies answers with an error code: the {@code policy} label. */
final class Policies {

  private Policies() {}

  static String of(ErrorCode code) {
    return switch (code) {
      case BANNED -> "ban";
      case IP_NOT_ALLOWED -> "allow_ips";
      case ORIGIN_NOT_ALLOWED -> "cors";
      case INVALID_API_KEY -> "api_key";
      case RATE_LIMITED -> "rate_limit";
      case PAYLOAD_TOO_LARGE, UNSUPPORTED_MEDIA_TYPE -> "body";
      case NOT_FOUND, METHOD_NOT_ALLOWED -> "route";
      case BAD_REQUEST, URI_TOO_LONG, HEADERS_TOO_LARGE, HTTP_VERSION_NOT_SUPPORTED -> "framing";
      case UPSTREAM_UNAVAILABLE, UPSTREAM_TIMEOUT -> "proxy";
      default -> "other";
    };
  }
}
