package dev.gatehouse.agent;

import dev.gatehouse.agent.db.Database;
import dev.gatehouse.agent.status.StatusVerticle;
import dev.gatehouse.shared.cli.Runtimes;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A running agent: its database, backends and HTTP listener, started and stopped as one. */
public final class Agent implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Agent.class);
  private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

  private final Vertx vertx;
  private final Database database;
  private final int port;

  private Agent(Vertx vertx, Database database, int port) {
    this.vertx = vertx;
    this.database = database;
    this.port = port;
  }

  /** Starts everything; blocks the calling thread (never an event loop) until it listens. */
  public static Agent start(AgentConfig config) throws Exception {
    Database database = Database.open(config.database());
    Vertx vertx = Runtimes.vertx();
    try {
      Pool pool = database.pool(vertx, config.database().poolSize());
      AgentServerVerticle server = new AgentServerVerticle(config, pool);
      Runtimes.await(
          vertx
              .deployVerticle(new StatusVerticle(pool, config.status()))
              .compose(id -> vertx.deployVerticle(server)),
          START_TIMEOUT);
      log.info("agent listening on http://{}:{}", config.host(), server.actualPort());
      return new Agent(vertx, database, server.actualPort());
    } catch (Exception e) {
      vertx.close();
      database.close();
      throw e;
    }
  }

  public int port() {
    return port;
  }

  @Override
  public void close() {
    Runtimes.close(vertx, "agent");
    database.close();
  }
}
