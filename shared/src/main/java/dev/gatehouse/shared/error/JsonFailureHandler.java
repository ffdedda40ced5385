package dev.gatehouse.shared.error;

import io.vertx.core.Handler;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The one place a failed route turns into the JSON error body of the public API. */
public final class JsonFailureHandler implements Handler<RoutingContext> {

  private static final Logger log = LoggerFactory.getLogger(JsonFailureHandler.class);

  /**
   * Makes every failure of {@code router}, and its own 400/404/405/500 answers (400: a query it
   * cannot decode), the JSON error body.
   */
  public static Router installOn(Router router) {
    JsonFailureHandler failures = new JsonFailureHandler();
    router.route().failureHandler(failures);
    // The router's own 400 (a query it cannot decode) reaches its handler with no failure and no
    // status set.
    router.errorHandler(400, ctx -> ErrorReplies.send(ctx, toApiError(ctx.failure(), 400)));
    router.errorHandler(404, failures);
    router.errorHandler(405, failures);
    router.errorHandler(500, failures);
    return router;
  }

  @Override
  public void handle(RoutingContext ctx) {
    ErrorReplies.send(ctx, toApiError(ctx.failure(), ctx.statusCode()));
  }

  static ApiError toApiError(Throwable failure, int status) {
    if (failure instanceof ApiError apiError) {
      return apiError;
    }
    if (failure instanceof HttpException http) {
      status = http.getStatusCode();
    }
    return switch (status) {
      case 400 -> new ApiError(ErrorCode.BAD_REQUEST);
      case 404 -> new ApiError(ErrorCode.NOT_FOUND);
      case 405 -> new ApiError(ErrorCode.METHOD_NOT_ALLOWED);
      case 413 -> new ApiError(ErrorCode.PAYLOAD_TOO_LARGE);
      case 415 -> new ApiError(ErrorCode.UNSUPPORTED_MEDIA_TYPE);
      default -> {
        if (failure != null) {
          log.error("unhandled failure", failure);
        }
        yield new ApiError(ErrorCode.INTERNAL_ERROR);
      }
    };
  }
}
