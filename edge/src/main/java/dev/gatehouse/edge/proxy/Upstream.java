package dev.gatehouse.edge.proxy;

import dev.gatehouse.shared.proxy.HopByHopHeaders;
import dev.gatehouse.shared.proxy.ProxyFailures;
import dev.gatehouse.shared.proxy.TimedOrigin;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.net.SocketAddress;
import io.vertx.httpproxy.HttpProxy;
import io.vertx.httpproxy.ProxyContext;
import io.vertx.httpproxy.ProxyInterceptor;
import java.util.List;

/**
 * The agents of one upstream, reached through a keep-alive pool; each request goes to the next
 * target in turn. Owned by one edge verticle instance, so the counter needs no atomics.
 */
public final class Upstream {

  private final HttpClient client;
  private final UpstreamConfig config;
  private final List<SocketAddress> targets;
  private int next;

  public Upstream(Vertx vertx, UpstreamConfig config) {
    this.targets =
        config.targets().stream()
            .map(t -> SocketAddress.inetSocketAddress(t.port(), t.host()))
            .toList();
    this.config = config;
    this.client =
        vertx.createHttpClient(
            new HttpClientOptions()
                .setConnectTimeout((int) config.connectTimeout().toMillis())
                .setKeepAlive(true),
            new PoolOptions().setHttp1MaxSize(config.maxConnections()));
  }

  /**
   * A proxy to these agents for one route: all of a route's proxies share the keep-alive pool;
   * {@code bodyPolicy} is the route's own step before a request leaves the edge.
   */
  public HttpProxy proxy(ProxyInterceptor bodyPolicy) {
    return HttpProxy.reverseProxy(client)
        .origin(new TimedOrigin(this::pick, config.responseTimeout()))
        .addInterceptor(new ProxyFailures())
        .addInterceptor(new HopByHopHeaders())
        .addInterceptor(bodyPolicy);
  }

  private Future<SocketAddress> pick(ProxyContext context) {
    SocketAddress target = targets.get(next);
    next = (next + 1) % targets.size();
    return Future.succeededFuture(target);
  }
}
