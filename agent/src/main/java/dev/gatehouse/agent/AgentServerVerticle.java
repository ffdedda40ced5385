package dev.gatehouse.agent;

import dev.gatehouse.agent.health.HealthHandler;
import dev.gatehouse.agent.routing.AgentRouter;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.sqlclient.Pool;

/** The agent's HTTP listener, in production bound to its WireGuard address. */
final class AgentServerVerticle extends VerticleBase {

  private final AgentConfig config;
  private final Pool pool;
  private volatile int actualPort;

  AgentServerVerticle(AgentConfig config, Pool pool) {
    this.config = config;
    this.pool = pool;
  }

  @Override
  public Future<?> start() {
    return vertx
        .createHttpServer(new HttpServerOptions().setHost(config.host()).setPort(config.port()))
        .requestHandler(AgentRouter.create(vertx, config.routes(), new HealthHandler(pool)))
        .listen()
        .onSuccess(server -> actualPort = server.actualPort());
  }

  int actualPort() {
    return actualPort;
  }
}
