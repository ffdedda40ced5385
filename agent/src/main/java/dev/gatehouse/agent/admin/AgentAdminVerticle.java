package dev.gatehouse.agent.admin;

import dev.gatehouse.shared.cli.BindFailure;
import dev.gatehouse.shared.error.JsonFailureHandler;
import dev.gatehouse.shared.metrics.Metrics;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;

/** The agent's admin listener: {@code GET /metrics}, the Prometheus scrape. */
public final class AgentAdminVerticle extends VerticleBase {

  private final AgentAdminConfig config;
  private final PrometheusMeterRegistry registry;
  private volatile int actualPort;

  public AgentAdminVerticle(AgentAdminConfig config, PrometheusMeterRegistry registry) {
    this.config = config;
    this.registry = registry;
  }

  @Override
  public Future<?> start() {
    Router router = Router.router(vertx);
    router.get("/metrics").handler(Metrics.scrapeHandler(registry));
    JsonFailureHandler.installOn(router);
    return vertx
        .createHttpServer(
            new HttpServerOptions()
                .setHost(config.host())
                .setPort(config.port())
                // HTTP/1.1 only, as Prometheus scrapes it.
                .setHttp2ClearTextEnabled(false))
        .requestHandler(router)
        .listen()
        .recover(BindFailure.naming("the agent admin listener", config.host(), config.port()))
        .onSuccess(server -> actualPort = server.actualPort());
  }

  public int actualPort() {
    return actualPort;
  }
}
