package dev.gatehouse.edge.body;

import dev.gatehouse.shared.error.ApiError;
import dev.gatehouse.shared.error.ErrorCode;
import io.vertx.core.MultiMap;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.InputTrustHandler;
import java.util.List;
import java.util.Optional;

/**
 * Rejects a body the route does not take before a byte of it is forwarded: too large by its {@code
 * Content-Length} (413), or of a media type the route does not accept (415). A body without a
 * length is measured while it is read, by {@link ChunkedBodyLimit}.
 */
public final class BodyLimitHandler implements InputTrustHandler {

  private final long maxBody;
  private final List<String> contentTypes;

  public BodyLimitHandler(long maxBody, List<String> contentTypes) {
    this.maxBody = maxBody;
    this.contentTypes = contentTypes;
  }

  @Override
  public void handle(RoutingContext ctx) {
    Optional<ApiError> problem = problem(ctx.request().headers());
    if (problem.isPresent()) {
      ctx.fail(problem.get());
      return;
    }
    ctx.next();
  }

  /**
   * What is wrong with a request's body by its headers alone, or empty when it may be forwarded.
   */
  public Optional<ApiError> problem(MultiMap headers) {
    String length = headers.get("Content-Length");
    if (length != null && parse(length) > maxBody) {
      return Optional.of(
          new ApiError(
              ErrorCode.PAYLOAD_TOO_LARGE,
              "The request body may be at most " + maxBody + " bytes."));
    }
    if (!contentTypes.isEmpty()
        && hasBody(length, headers)
        && !accepted(headers.get("Content-Type"))) {
      return Optional.of(
          new ApiError(
              ErrorCode.UNSUPPORTED_MEDIA_TYPE,
              "The request body must be " + String.join(" or ", contentTypes) + "."));
    }
    return Optional.empty();
  }

  private static boolean hasBody(String length, MultiMap headers) {
    return (length != null && parse(length) > 0) || headers.get("Transfer-Encoding") != null;
  }

  private boolean accepted(String contentType) {
    if (contentType == null) {
      return false;
    }
    int semicolon = contentType.indexOf(';');
    String mediaType =
        (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim().toLowerCase();
    return contentTypes.contains(mediaType);
  }

  private static long parse(String length) {
    try {
      return Long.parseLong(length.trim());
    } catch (NumberFormatException e) {
      return Long.MAX_VALUE;
    }
  }
}
