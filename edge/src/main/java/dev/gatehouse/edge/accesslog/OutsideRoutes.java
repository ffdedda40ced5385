package dev.gatehouse.edge.accesslog;

import dev.gatehouse.edge.metrics.EdgeMetrics;
import dev.gatehouse.edge.request.RequestIdHandler;
import dev.gatehouse.shared.error.ApiError;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Supplier;

/**
 * Access lines and metrics for what the routes' {@link AccessLogHandler} does not see: requests the
 * framing guard or the HTTP/2 header rules refuse before any route is chosen, and the answers of
 * the port-80 listener. A refusal counts as a request of route {@code none}, rejected by its
 * error's policy ({@code framing}); the client IP is the connection's, as no header is trusted in a
 * request refused for its headers.
 */
public final class OutsideRoutes {

  /** The {@code listener} of the port-80 listener's lines. */
  public static final String PLAIN_HTTP = "http";

  private final Supplier<EdgeMetrics> metrics;

  public OutsideRoutes(Supplier<EdgeMetrics> metrics) {
    this.metrics = metrics;
  }

  /**
   * {@code error} answered to a request of {@code clientIp} under {@code requestId}; {@code
   * listener} is empty for the HTTPS listener. {@code method} and {@code path} are what could be
   * read of the request.
   */
  public void refused(
      Optional<String> listener,
      String requestId,
      String clientIp,
      String method,
      String path,
      ApiError error) {
    new AccessLine(
            requestId,
            clientIp,
            method,
            path,
            error.status(),
            0,
            0,
            0,
            Optional.empty(),
            OptionalLong.empty(),
            Optional.empty(),
            Optional.of(error),
            true,
            listener)
        .write();
    EdgeMetrics current = metrics.get();
    if (current.enabled()) {
      current.ended(
          EdgeMetrics.NO_ROUTE,
          method,
          error.status(),
          0,
          Optional.empty(),
          OptionalLong.empty(),
          Optional.of(error),
          Optional.empty());
    }
  }

  /** The port-80 listener's first handler: an access line for each of its answers. */
  public Handler<RoutingContext> plainHttp() {
    return ctx -> {
      long started = System.nanoTime();
      String id = RequestIdHandler.idFor(null);
      ctx.addEndHandler(
          ended ->
              new AccessLine(
                      id,
                      ctx.request().remoteAddress().hostAddress(),
                      ctx.request().method().name(),
                      ctx.request().path(),
                      ctx.response().getStatusCode(),
                      ctx.request().bytesRead(),
                      ctx.response().bytesWritten(),
                      System.nanoTime() - started,
                      Optional.empty(),
                      OptionalLong.empty(),
                      Optional.empty(),
                      Optional.empty(),
                      ctx.response().ended(),
                      Optional.of(PLAIN_HTTP))
                  .write());
      ctx.next();
    };
  }
}
