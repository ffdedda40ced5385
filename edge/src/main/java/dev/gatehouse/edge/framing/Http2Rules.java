package dev.gatehouse.edge.framing;

import dev.gatehouse.edge.accesslog.OutsideRoutes;
import dev.gatehouse.edge.request.RequestIdHandler;
import dev.gatehouse.shared.error.ApiError;
import dev.gatehouse.shared.error.ErrorCode;
import dev.gatehouse.shared.error.ErrorReplies;
import io.netty.handler.codec.http.HttpHeaderValidationUtil;
import io.vertx.core.http.HttpServerRequest;
import java.util.Map;
import java.util.Optional;

/**
 * The {@link FramingGuard}'s header rules for an HTTP/2 request, which no HTTP/1 decoder reads: at
 * most {@code max_headers} headers of at most {@code max_header_size} bytes together, each header
 * the edge decides on once, and a target a URI may hold. HTTP/2 frames each stream itself, so a
 * refused request is answered on its stream and the connection goes on.
 */
public final class Http2Rules {

  private final int maxHeaders;
  private final int maxHeaderSize;
  private final String hsts;
  private final OutsideRoutes outside;

  public Http2Rules(int maxHeaders, int maxHeaderSize, String hsts, OutsideRoutes outside) {
    this.maxHeaders = maxHeaders;
    this.maxHeaderSize = maxHeaderSize;
    this.hsts = hsts;
    this.outside = outside;
  }

  /** Answers {@code request} with {@code error}, with the headers every answer of the edge has. */
  public void refuse(HttpServerRequest request, ApiError error) {
    String requestId = RequestIdHandler.idFor(null);
    request
        .response()
        .putHeader("Strict-Transport-Security", hsts)
        .putHeader("X-Content-Type-Options", "nosniff")
        .putHeader(RequestIdHandler.HEADER, requestId);
    ErrorReplies.send(request, error);
    outside.refused(
        Optional.empty(),
        requestId,
        request.remoteAddress().hostAddress(),
        request.method().name(),
        request.path(),
        error);
  }

  public Optional<ApiError> problem(HttpServerRequest request) {
    HeaderCounter counts = new HeaderCounter();
    request.headers().forEach(counts::add);
    if (counts.lines() > maxHeaders) {
      return Optional.of(FramingGuard.tooManyHeaders(maxHeaders));
    }
    if (counts.bytes() > maxHeaderSize) {
      return Optional.of(new ApiError(ErrorCode.HEADERS_TOO_LARGE));
    }
    if (counts.repeated() != null) {
      return Optional.of(FramingGuard.repeated(counts.repeated()));
    }
    // RFC 9110's field names and values, by Netty's checks: the HTTP/1.1 decoder refuses any other
    // before a handler sees it, but HPACK carries any byte and the HTTP/2 codec refuses in names
    // only upper case, emptiness, unknown pseudo-headers and connection headers, so an HTTP/2
    // request is refused here alike, not when it fails to go into the agent's HTTP/1.1 head.
    for (Map.Entry<String, String> header : request.headers()) {
      if (HttpHeaderValidationUtil.validateToken(header.getKey()) >= 0) {
        return Optional.of(
            FramingGuard.badRequest("A header name holds a character no header name may hold."));
      }
      if (HttpHeaderValidationUtil.validateValidHeaderValue(header.getValue()) >= 0) {
        return Optional.of(
            FramingGuard.badRequest(
                "The header " + header.getKey() + " has a value no header may hold."));
      }
    }
    // RFC 9113 section 8.3.1: :path is a path or, for OPTIONS, "*"; anything else is malformed.
    // CONNECT has none at all, which left its stream unanswered before this check.
    String target = request.uri();
    if (!OriginForm.is(target)) {
      return Optional.of(FramingGuard.notAPath());
    }
    if (!RequestTarget.valid(target)) {
      return Optional.of(RequestTarget.invalid());
    }
    return Optional.empty();
  }
}
