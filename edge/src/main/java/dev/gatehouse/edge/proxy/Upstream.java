package dev.gatehouse.edge.proxy;

import dev.gatehouse.shared.proxy.HopByHopHeaders;
import dev.gatehouse.shared.proxy.ProxyFailures;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;
import io.vertx.httpproxy.HttpProxy;
import io.vertx.httpproxy.ProxyInterceptor;
import java.time.Duration;
import java.util.Optional;

/**
 * One event loop's way to an upstream's agents: a keep-alive connection pool, and proxies that pick
 * an agent from the process-wide {@link TargetPool}.
 */
public final class Upstream {

  private final HttpClient client;
  private final PoolOrigin origin;
  private final Duration responseTimeout;

  public Upstream(Vertx vertx, TargetPool pool) {
    UpstreamConfig config = pool.config();
    this.client =
        vertx.createHttpClient(
            new HttpClientOptions()
                .setConnectTimeout((int) config.connectTimeout().toMillis())
                .setKeepAlive(true),
            new PoolOptions().setHttp1MaxSize(config.maxConnections()));
    this.origin = new PoolOrigin(pool, config.responseTimeout());
    this.responseTimeout = config.responseTimeout();
  }

  /** Closes its connections, once an upstream a reload removed has no request left. */
  public void close() {
    client.close();
  }

  /** How long the edge waits for an agent's answer. */
  public Duration responseTimeout() {
    return responseTimeout;
  }

  /**
   * A proxy to these agents for one route: all of a route's proxies share the keep-alive pool.
   * {@code cache} comes first, so that it sees the final answer, failures included; {@code
   * bodyPolicy} is the route's last step before a request leaves the edge.
   */
  public HttpProxy proxy(Optional<ProxyInterceptor> cache, ProxyInterceptor bodyPolicy) {
    HttpProxy proxy =
        HttpProxy.reverseProxy(client).origin(origin).addInterceptor(new NormalisedTarget());
    cache.ifPresent(proxy::addInterceptor);
    return proxy
        .addInterceptor(new ProxyFailures())
        .addInterceptor(new TargetOutcomes(origin))
        .addInterceptor(new HopByHopHeaders())
        .addInterceptor(bodyPolicy);
  }
}
