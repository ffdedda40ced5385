package dev.gatehouse.edge.admin.client;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** A user's word made safe for one URL path segment or query value. */
public final class PathSegment {

  private PathSegment() {}

  public static String of(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
