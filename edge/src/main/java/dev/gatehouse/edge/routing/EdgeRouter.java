package dev.gatehouse.edge.routing;

import dev.gatehouse.edge.proxy.ForwardHandler;
import dev.gatehouse.edge.proxy.Upstream;
import dev.gatehouse.edge.request.ClientIpHandler;
import dev.gatehouse.edge.request.RequestIdHandler;
import dev.gatehouse.shared.error.JsonFailureHandler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import java.util.Map;

/**
 * Assembles the edge's router. The order of the request flow in the design is written here and
 * nowhere else: request id, client IP, route match, forward.
 */
public final class EdgeRouter {

  private EdgeRouter() {}

  public static Router create(Vertx vertx, Iterable<EdgeRoute> routes, Map<String, Upstream> upstreams) {
    Router router = Router.router(vertx);
    router.route().handler(new RequestIdHandler());
    router.route().handler(new ClientIpHandler());
    router.get("/health").handler(ctx -> ctx.json(new JsonObject().put("ok", true)));
    for (EdgeRoute route : routes) {
      Route r = router.route(route.path());
      route.methods().forEach(r::method);
      r.handler(new ForwardHandler(upstreams.get(route.upstream())));
    }
    JsonFailureHandler failures = new JsonFailureHandler();
    router.route().failureHandler(failures);
    router.errorHandler(404, failures);
    router.errorHandler(405, failures);
    router.errorHandler(500, failures);
    return router;
  }
}
