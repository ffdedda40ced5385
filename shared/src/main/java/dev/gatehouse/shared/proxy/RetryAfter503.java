package dev.gatehouse.shared.proxy;

import dev.gatehouse.shared.error.ErrorReplies;
import io.vertx.core.Future;
import io.vertx.core.http.HttpHeaders;
import io.vertx.httpproxy.ProxyContext;
import io.vertx.httpproxy.ProxyInterceptor;
import io.vertx.httpproxy.ProxyResponse;

/**
 * Every 503 of the public API says when to try again: a local service's 503 without {@code
 * Retry-After} gets the default one; one it sent is kept.
 */
public final class RetryAfter503 implements ProxyInterceptor {

  private static final String SECONDS = String.valueOf(ErrorReplies.RETRY_AFTER_SECONDS);

  @Override
  public Future<Void> handleProxyResponse(ProxyContext context) {
    ProxyResponse response = context.response();
    if (response.getStatusCode() == 503 && !response.headers().contains(HttpHeaders.RETRY_AFTER)) {
      response.headers().set(HttpHeaders.RETRY_AFTER, SECONDS);
    }
    return context.sendResponse();
  }
}
