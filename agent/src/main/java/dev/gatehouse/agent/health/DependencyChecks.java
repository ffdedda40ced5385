package dev.gatehouse.agent.health;

import dev.gatehouse.agent.backend.Backends;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.sqlclient.Pool;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * Checks PostgreSQL and, where registration is configured, the game server in the background, every
 * {@link #INTERVAL_MILLIS}, and keeps the last answer of each. {@code /health} reads it and so
 * never waits on a slow dependency: a game server that takes seconds must not make the agent look
 * down to an edge whose health check gives up sooner. The game server counts as up while it answers
 * within {@code game_server.request_timeout}, as a registration would wait for it.
 */
public final class DependencyChecks {

  static final long INTERVAL_MILLIS = 2000;
  static final long DATABASE_TIMEOUT_MILLIS = 2000;

  /** What was last known; {@code gameServer} is null where the agent does not register. */
  public record State(boolean database, Boolean gameServer) {}

  private final Vertx vertx;
  private final Probe database;
  private final Probe gameServer;

  public DependencyChecks(Vertx vertx, Pool pool, Duration gameTimeout, boolean checkGameServer) {
    this.vertx = vertx;
    this.database = new Probe(() -> pool.query("SELECT 1").execute(), DATABASE_TIMEOUT_MILLIS);
    long gameMillis = gameTimeout.toMillis() + 500;
    this.gameServer =
        checkGameServer
            ? new Probe(
                () ->
                    vertx
                        .eventBus()
                        .request(
                            Backends.GAME_PING_ADDRESS,
                            null,
                            new DeliveryOptions().setSendTimeout(gameMillis)),
                gameMillis)
            : null;
  }

  /** Checks once, then keeps checking; completes when the first check is known. */
  public Future<Void> start() {
    vertx.setPeriodic(INTERVAL_MILLIS, tick -> check());
    return check();
  }

  public State state() {
    return new State(database.up, gameServer == null ? null : gameServer.up);
  }

  private Future<Void> check() {
    Future<Void> game = gameServer == null ? Future.succeededFuture() : gameServer.check();
    return Future.join(database.check(), game).mapEmpty();
  }

  /** One dependency: one check at a time, its last answer kept. */
  private static final class Probe {
    private final Supplier<Future<?>> ask;
    private final long timeoutMillis;
    private final AtomicBoolean checking = new AtomicBoolean();
    private volatile boolean up;

    Probe(Supplier<Future<?>> ask, long timeoutMillis) {
      this.ask = ask;
      this.timeoutMillis = timeoutMillis;
    }

    Future<Void> check() {
      if (!checking.compareAndSet(false, true)) {
        return Future.succeededFuture();
      }
      return ask.get()
          .timeout(timeoutMillis, TimeUnit.MILLISECONDS)
          .map(true)
          .otherwise(false)
          .onSuccess(answer -> up = answer)
          .<Void>mapEmpty()
          .onComplete(done -> checking.set(false));
    }
  }
}
