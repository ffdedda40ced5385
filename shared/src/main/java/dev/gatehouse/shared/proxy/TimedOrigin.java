package dev.gatehouse.shared.proxy;

import io.vertx.core.Future;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import io.vertx.httpproxy.OriginRequestProvider;
import io.vertx.httpproxy.ProxyContext;
import java.time.Duration;
import java.util.function.Function;

/**
 * Opens the request to the origin a selector picks, with a response timeout: an origin silent for
 * longer than that fails the forward, which {@link ProxyFailures} answers as 504.
 */
public final class TimedOrigin implements OriginRequestProvider {

  private final Function<ProxyContext, Future<SocketAddress>> selector;
  private final long responseTimeoutMillis;

  public TimedOrigin(
      Function<ProxyContext, Future<SocketAddress>> selector, Duration responseTimeout) {
    this.selector = selector;
    this.responseTimeoutMillis = responseTimeout.toMillis();
  }

  @Override
  public Future<HttpClientRequest> create(ProxyContext context) {
    return selector
        .apply(context)
        .compose(
            server ->
                context
                    .client()
                    .request(
                        new RequestOptions()
                            .setServer(server)
                            .setIdleTimeout(responseTimeoutMillis)));
  }
}
