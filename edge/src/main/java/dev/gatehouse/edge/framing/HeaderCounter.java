package dev.gatehouse.edge.framing;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.util.AsciiString;
import java.util.List;

/**
 * A request's headers read once, name by name: how many lines and bytes there are, how the body is
 * framed, and the first header the edge decides on that came twice. Every request passes here (an
 * HTTP/1.x one from its decoder, an HTTP/2 one from Vert.x's map), so no lookup or list per name.
 */
final class HeaderCounter {

  /** Headers the edge or the agent decides on: a second copy could be read differently behind. */
  static final List<String> SINGLE =
      List.of(
          "host",
          "content-length",
          "content-type",
          "x-api-key",
          "origin",
          "x-request-id",
          "x-forwarded-for",
          "authorization",
          "idempotency-key",
          "access-control-request-method",
          "x-gatehouse-assertion",
          "x-gatehouse-deadline");

  private static final int HOST = 0;

  private int lines;
  private long bytes;
  private int encodings;
  private boolean chunked = true;
  private String repeated;
  private String host;
  private int seen; // bit i: SINGLE.get(i) was seen (SINGLE has fewer than 32 names)

  void add(CharSequence name, CharSequence value) {
    lines++;
    bytes += name.length() + value.length() + 4; // as sent on HTTP/1.1: "name: value\r\n"
    if (AsciiString.contentEqualsIgnoreCase(name, HttpHeaderNames.TRANSFER_ENCODING)) {
      encodings++;
      // RFC 9112 section 6.3: a request's only coding is chunked; any other leaves its length
      // unknown to whoever reads it next.
      chunked &=
          AsciiString.contentEqualsIgnoreCase(
              AsciiString.of(value).trim(), HttpHeaderValues.CHUNKED);
      return;
    }
    int single = single(name);
    if (single < 0) {
      return;
    }
    if (single == HOST && host == null) {
      host = value.toString();
    }
    if ((seen & (1 << single)) != 0 && repeated == null) {
      repeated = SINGLE.get(single);
    }
    seen |= 1 << single;
  }

  int lines() {
    return lines;
  }

  long bytes() {
    return bytes;
  }

  int encodings() {
    return encodings;
  }

  /** Whether every {@code Transfer-Encoding} sent was {@code chunked} alone (true for none). */
  boolean onlyChunked() {
    return chunked;
  }

  /** The {@code Host} header's value, or null. */
  String host() {
    return host;
  }

  /** The first of {@link #SINGLE} sent twice, or null. */
  String repeated() {
    return repeated;
  }

  private static int single(CharSequence name) {
    for (int i = 0; i < SINGLE.size(); i++) {
      String candidate = SINGLE.get(i);
      if (candidate.length() == name.length()
          && AsciiString.contentEqualsIgnoreCase(name, candidate)) {
        return i;
      }
    }
    return -1;
  }
}
