package dev.gatehouse.agent;

import dev.gatehouse.agent.admin.AgentOperations;
import dev.gatehouse.agent.health.HealthHandler;
import dev.gatehouse.agent.metrics.AgentMetrics;
import dev.gatehouse.agent.routing.AgentRouter;
import dev.gatehouse.agent.trust.AssertionHandler;
import dev.gatehouse.agent.trust.SourceFilter;
import dev.gatehouse.shared.cli.BindFailure;
import dev.gatehouse.shared.net.FlushBatching;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServerOptions;

/** The agent's HTTP listener, in production bound to its WireGuard address. */
final class AgentServerVerticle extends VerticleBase {

  private final AgentConfig config;
  private final HealthHandler health;
  private final AgentMetrics metrics;
  private final AgentOperations operations;
  private volatile int actualPort;

  AgentServerVerticle(
      AgentConfig config, HealthHandler health, AgentMetrics metrics, AgentOperations operations) {
    this.config = config;
    this.operations = operations;
    this.health = health;
    this.metrics = metrics;
  }

  @Override
  public Future<?> start() {
    SourceFilter sources = new SourceFilter(config.trust().allowedSources());
    return vertx
        .createHttpServer(
            new HttpServerOptions()
                .setHost(config.host())
                .setPort(config.port())
                // HTTP/1.1 only, as the edge speaks to it.
                .setHttp2ClearTextEnabled(false))
        .connectionHandler(
            connection -> {
              sources.onConnection(connection);
              FlushBatching.install(connection);
            })
        .requestHandler(
            AgentRouter.create(
                vertx,
                config.routes(),
                health,
                new AssertionHandler(vertx, config.trust()),
                metrics,
                operations))
        .listen()
        .recover(BindFailure.naming("the agent listener", config.host(), config.port()))
        .onSuccess(server -> actualPort = server.actualPort());
  }

  int actualPort() {
    return actualPort;
  }
}
