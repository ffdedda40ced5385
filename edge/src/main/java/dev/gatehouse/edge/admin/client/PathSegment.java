package dev.gatehouse.edge.admin.client;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** A user's word made safe for one URL path segment or query value. */
public final class PathSegment {

  private PathSegment() {}

  public static String of(String value) {
    // "~" is unreserved (RFC 3986) and stays: Vert.x normalises "%7E" back to it, and a path the
    // agent signs must be the path it reads.
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20").replace("%7E", "~");
  }
}
