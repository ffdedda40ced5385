package dev.gatehouse.agent.routing;

import dev.gatehouse.agent.admin.AgentOperations;
import dev.gatehouse.agent.health.HealthHandler;
import dev.gatehouse.agent.metrics.AgentMetrics;
import dev.gatehouse.shared.error.JsonFailureHandler;
import dev.gatehouse.shared.net.FlushBatching;
import dev.gatehouse.shared.proxy.HopByHopHeaders;
import dev.gatehouse.shared.proxy.ProxyFailures;
import dev.gatehouse.shared.proxy.RetryAfter503;
import dev.gatehouse.shared.proxy.TimedOrigin;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.proxy.handler.ProxyHandler;
import io.vertx.httpproxy.HttpProxy;
import java.net.URI;
import java.util.List;

/** Assembles the agent's router from the route table: the code knows no route by name. */
public final class AgentRouter {

  /** Backend requests are small JSON documents; the edge enforces the per-route limits. */
  static final long BACKEND_BODY_LIMIT = 64 * 1024;

  private AgentRouter() {}

  /**
   * {@code /health} answers anyone allowed to connect; every other route, and the admin API's
   * {@code operations}, needs {@code trust}.
   */
  public static Router create(
      Vertx vertx,
      List<AgentRoute> routes,
      HealthHandler health,
      Handler<RoutingContext> trust,
      AgentMetrics metrics,
      AgentOperations operations) {
    Router router = Router.router(vertx);
    router.route().handler(new RequestIdHandler()).handler(new AgentAccessHandler(metrics));
    router.route("/health").method(HttpMethod.GET).method(HttpMethod.HEAD).handler(health);
    router.route().handler(trust);
    operations.mount(router);
    for (AgentRoute route : routes) {
      if (route.backend().isPresent()) {
        router
            .route(route.path())
            .handler(EdgeDeadline.arrival())
            .handler(BodyHandler.create().setBodyLimit(BACKEND_BODY_LIMIT))
            .handler(
                new BackendForwarder(
                    vertx.eventBus(), route.backend().get(), route.timeout(), metrics));
      } else {
        router.route(route.path()).handler(ProxyHandler.create(localService(vertx, route)));
      }
    }
    JsonFailureHandler.installOn(router);
    return router;
  }

  /** A local HTTP service, proxied with its body streamed, as Traefik did. */
  private static HttpProxy localService(Vertx vertx, AgentRoute route) {
    URI url = route.url().orElseThrow();
    HttpClient client =
        vertx
            .httpClientBuilder()
            .with(new HttpClientOptions().setConnectTimeout((int) route.timeout().toMillis()))
            .withConnectHandler(FlushBatching::install)
            .build();
    SocketAddress server = SocketAddress.inetSocketAddress(url.getPort(), url.getHost());
    return HttpProxy.reverseProxy(client)
        .origin(new TimedOrigin(ctx -> Future.succeededFuture(server), route.timeout()))
        .addInterceptor(new ProxyFailures())
        .addInterceptor(new HopByHopHeaders())
        .addInterceptor(new RetryAfter503());
  }
}
