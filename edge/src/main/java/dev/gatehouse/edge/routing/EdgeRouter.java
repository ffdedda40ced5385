package dev.gatehouse.edge.routing;

import dev.gatehouse.edge.accesslog.AccessLogHandler;
import dev.gatehouse.edge.allowip.AllowIpsHandler;
import dev.gatehouse.edge.apikey.ApiKeyHandler;
import dev.gatehouse.edge.ban.BanHandler;
import dev.gatehouse.edge.body.BodyLimitHandler;
import dev.gatehouse.edge.body.ChunkedBodyLimit;
import dev.gatehouse.edge.cache.MicroCache;
import dev.gatehouse.edge.config.EdgeConfig;
import dev.gatehouse.edge.config.EdgeRoute;
import dev.gatehouse.edge.cors.CorsHandler;
import dev.gatehouse.edge.cors.CorsPolicy;
import dev.gatehouse.edge.headers.SecurityHeadersHandler;
import dev.gatehouse.edge.kit.KitFiles;
import dev.gatehouse.edge.proxy.AnswerCache;
import dev.gatehouse.edge.proxy.ForwardHandler;
import dev.gatehouse.edge.proxy.Forwarder;
import dev.gatehouse.edge.proxy.HealthState;
import dev.gatehouse.edge.proxy.Upstream;
import dev.gatehouse.edge.ratelimit.RateLimitHandler;
import dev.gatehouse.edge.request.ClientIpHandler;
import dev.gatehouse.edge.request.RequestIdHandler;
import dev.gatehouse.edge.trust.AssertionSigner;
import dev.gatehouse.shared.error.JsonFailureHandler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Assembles the edge's router. The order of the request flow in the design is written here and
 * nowhere else: request id, client IP, access log, ban check, security headers, CORS, the edge's
 * own answers (health, website kit), route match, API key, rate limit, body limits, forward.
 */
public final class EdgeRouter {

  private EdgeRouter() {}

  public static Router create(
      Vertx vertx, EdgeConfig config, Map<String, Upstream> upstreams, ProcessState state) {
    Router router = Router.router(vertx);
    Map<String, Optional<AssertionSigner>> signers = new HashMap<>();
    for (String upstream : config.upstreams().keySet()) {
      signers.put(
          upstream,
          config
              .assertionSecret(upstream)
              .map(secret -> new AssertionSigner(secret, config.assertion().ttl())));
    }
    // One route for the steps every request takes, so vertx-web checks their order by type.
    Route everyRequest =
        router
            .route()
            .handler(new RequestIdHandler())
            .handler(new ClientIpHandler(config.trustedProxies()))
            .handler(new AccessLogHandler(state.metrics()));
    if (config.bans().enabled()) {
      everyRequest.handler(new BanHandler(state.bans(), config.bans().neverBan()));
    }
    everyRequest
        .handler(new SecurityHeadersHandler(config.tls().hsts()))
        .handler(new CorsHandler(config.cors(), path -> methodsFor(config.routes(), path)));
    router
        .route("/health")
        .method(HttpMethod.GET)
        .method(HttpMethod.HEAD)
        .handler(ctx -> publicHealth(ctx, state));
    if (config.kit().enabled()) {
      router
          .route(KitFiles.PATH)
          .method(HttpMethod.GET)
          .method(HttpMethod.HEAD)
          .handler(KitFiles.handler(config.kit()));
    }
    for (EdgeRoute route : config.routes()) {
      Route r = router.route(route.path());
      route.methods().forEach(r::method);
      addPolicies(r, route, config, state);
      Forwarder forwarder =
          new Forwarder(
              upstreams.get(route.upstream()),
              Optional.ofNullable(state.caches().get(route.path()))
                  .<AnswerCache>map(MicroCache::new),
              new ChunkedBodyLimit(route.maxBody()));
      Duration timeout = config.upstreams().get(route.upstream()).responseTimeout();
      r.handler(
          new ForwardHandler(
              route.path(), route.upstream(), timeout, forwarder, signers.get(route.upstream())));
    }
    JsonFailureHandler.installOn(router);
    return router;
  }

  /** A route's own policies, in their order: addresses, API key, rate limit, body. */
  private static void addPolicies(Route r, EdgeRoute route, EdgeConfig config, ProcessState state) {
    if (!route.allowIps().isEmpty()) {
      r.handler(new AllowIpsHandler(route.allowIps()));
    }
    if (route.apiKeyRequired()) {
      r.handler(
          new ApiKeyHandler(config.apiKeys(), route.apiKeyNames(), new CorsPolicy(config.cors())));
    }
    route
        .rateLimit()
        .ifPresent(
            spec ->
                r.handler(
                    new RateLimitHandler(state.limiters().get(route.path()), spec, route.path())));
    r.handler(new BodyLimitHandler(route.maxBody(), route.contentTypes()));
  }

  /** The methods a preflight for {@code path} may use: those of the route that serves it. */
  private static Optional<String> methodsFor(List<EdgeRoute> routes, String path) {
    return routes.stream()
        .filter(route -> route.matches(path))
        .findFirst()
        .map(
            route ->
                route.methods().stream().map(HttpMethod::name).collect(Collectors.joining(", ")));
  }

  /**
   * The edge's own answer, {@code "ok":true} while it serves, with the admin listener's verdict on
   * its agents ({@code "agents"}: {@code ok}, {@code degraded} or {@code failing}) for a monitor
   * outside the VPS, which cannot reach that listener: it alerts on the word. Always 200, so that a
   * load balancer or DNS check in front of several edges does not take them all out while the
   * agents are down and the edges still serve the cached status and the kit; the agents' addresses
   * and errors stay on the admin listener.
   */
  private static void publicHealth(RoutingContext ctx, ProcessState state) {
    HealthState agents = HealthState.of(state.pools().values());
    ctx.json(new JsonObject().put("ok", true).put("agents", agents.label()));
  }
}
