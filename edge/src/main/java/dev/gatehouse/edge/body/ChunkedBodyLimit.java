package dev.gatehouse.edge.body;

import dev.gatehouse.shared.error.ApiError;
import dev.gatehouse.shared.error.ErrorCode;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import java.util.Optional;

/**
 * The route's {@code max_body} for a body sent without {@code Content-Length} (chunked, or an
 * HTTP/2 stream without the header): the edge reads it, at most {@code max_body} bytes, before
 * anything is forwarded, as nginx does, and the agent then gets it with a {@code Content-Length}.
 * One byte more fails with 413 {@code payload_too_large}, and the client's connection (HTTP/1) or
 * stream (HTTP/2) must then be closed, so the rest of the body is never read. Bodies with a length
 * were checked before this point by {@link BodyLimitHandler}; they pass through, streamed.
 */
public final class ChunkedBodyLimit {

  private final long maxBody;

  public ChunkedBodyLimit(long maxBody) {
    this.maxBody = maxBody;
  }

  /**
   * The whole body when it comes without a length, empty when it has one (it is streamed) or when
   * the request has none.
   */
  public Future<Optional<Buffer>> read(HttpServerRequest request) {
    if (!unframed(request)) {
      return Future.succeededFuture(Optional.empty());
    }
    return BoundedRead.read(
            request,
            maxBody,
            () ->
                new ApiError(
                    ErrorCode.PAYLOAD_TOO_LARGE,
                    "The request body may be at most " + maxBody + " bytes."))
        .map(Optional::of);
  }

  /** A body is coming and nothing says how long it is. */
  private static boolean unframed(HttpServerRequest request) {
    if (request.headers().contains(HttpHeaders.CONTENT_LENGTH)) {
      return false;
    }
    if (request.version() == HttpVersion.HTTP_2) {
      return !request.isEnded();
    }
    // HTTP/1: without Content-Length a request has a body only when it is chunked.
    return request.headers().contains(HttpHeaders.TRANSFER_ENCODING);
  }
}
