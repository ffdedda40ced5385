package dev.gatehouse.edge.admin.cli;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** A user's word made safe for one URL path segment or query value. */
final class PathSegment {

  private PathSegment() {}

  static String of(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
