package dev.gatehouse.shared.proxy;

import dev.gatehouse.shared.error.ApiError;
import dev.gatehouse.shared.error.ErrorCode;
import dev.gatehouse.shared.error.ErrorReplies;
import io.vertx.core.Future;
import io.vertx.httpproxy.ProxyContext;
import io.vertx.httpproxy.ProxyInterceptor;
import io.vertx.httpproxy.ProxyResponse;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a failed forward into the public JSON error: no answer in time is 504 {@code
 * upstream_timeout}, anything else (refused, reset, no route) is 502 {@code upstream_unavailable}.
 * Installed first so it sees the failures of every later interceptor.
 */
public final class ProxyFailures implements ProxyInterceptor {

  private static final Logger log = LoggerFactory.getLogger(ProxyFailures.class);

  @Override
  public Future<ProxyResponse> handleProxyRequest(ProxyContext context) {
    return context
        .sendRequest()
        .recover(failure -> Future.succeededFuture(answer(context, failure)));
  }

  private static ProxyResponse answer(ProxyContext context, Throwable failure) {
    // One decided before any agent was asked (none available) is in the access log; logging each
    // here too would flood the log at the request rate during an outage.
    if (!(failure instanceof ApiError)) {
      log.warn(
          "forward of {} {} failed: {}",
          context.request().getMethod(),
          context.request().getURI(),
          failure.toString());
    }
    return ErrorReplies.proxyResponse(context.request(), classify(failure));
  }

  /** The public error a failed forward is answered with. */
  public static ApiError classify(Throwable failure) {
    if (failure instanceof ApiError decided) {
      return decided;
    }
    if (isTimeout(failure)) {
      return new ApiError(ErrorCode.UPSTREAM_TIMEOUT);
    }
    return new ApiError(ErrorCode.UPSTREAM_UNAVAILABLE);
  }

  /** Whether {@code failure} means the origin was reached but too slow, rather than unreachable. */
  public static boolean isTimeout(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      // Vert.x reports an idle request as a VertxException whose class name says timeout.
      if (t instanceof TimeoutException || t.getClass().getSimpleName().contains("Timeout")) {
        return !(t instanceof io.netty.channel.ConnectTimeoutException);
      }
    }
    return false;
  }
}
