package dev.gatehouse.agent;

import dev.gatehouse.agent.db.Database;
import dev.gatehouse.agent.status.StatusVerticle;
import dev.gatehouse.shared.cli.Runtimes;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A running agent: its database, backends and HTTP listener, started and stopped as one. */
public final class Agent implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Agent.class);
  private static final long START_TIMEOUT_SECONDS = 30;

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
      vertx
          .deployVerticle(new StatusVerticle(pool, config.status()))
          .compose(id -> vertx.deployVerticle(server))
          .toCompletionStage()
          .toCompletableFuture()
          .get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
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

  public Database database() {
    return database;
  }

  @Override
  public void close() {
    try {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      log.warn("agent did not stop cleanly: {}", e.toString());
    } finally {
      database.close();
    }
  }
}
