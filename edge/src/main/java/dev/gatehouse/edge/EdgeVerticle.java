package dev.gatehouse.edge;

import dev.gatehouse.edge.policy.LocalRateLimiter;
import dev.gatehouse.edge.proxy.Upstream;
import dev.gatehouse.edge.routing.EdgeRouter;
import dev.gatehouse.edge.tls.TlsOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServerOptions;
import java.util.HashMap;
import java.util.Map;

/** The public HTTPS listener. One instance per core; they share the port. */
final class EdgeVerticle extends VerticleBase {

  private final EdgeConfig config;
  private final Map<String, LocalRateLimiter> limiters;

  EdgeVerticle(EdgeConfig config, Map<String, LocalRateLimiter> limiters) {
    this.config = config;
    this.limiters = limiters;
  }

  @Override
  public Future<?> start() {
    Map<String, Upstream> upstreams = new HashMap<>();
    config.upstreams().forEach((name, upstream) -> upstreams.put(name, new Upstream(vertx, upstream)));
    HttpServerOptions options =
        TlsOptions.apply(
            new HttpServerOptions().setHost(config.host()).setPort(config.httpsPort()), config.tls());
    return vertx
        .createHttpServer(options)
        .requestHandler(EdgeRouter.create(vertx, config, upstreams, limiters))
        .listen();
  }
}
