package dev.gatehouse.agent;

import dev.gatehouse.agent.admin.AgentAdminVerticle;
import dev.gatehouse.agent.admin.AgentComponents;
import dev.gatehouse.agent.admin.AgentOperations;
import dev.gatehouse.agent.db.Database;
import dev.gatehouse.agent.health.DependencyChecks;
import dev.gatehouse.agent.health.HealthHandler;
import dev.gatehouse.agent.metrics.AgentMetrics;
import dev.gatehouse.agent.metrics.RegistrationMeters;
import dev.gatehouse.agent.registration.RegistrationVerticle;
import dev.gatehouse.agent.routing.AgentRoute;
import dev.gatehouse.agent.status.StatusVerticle;
import dev.gatehouse.agent.stream.StreamAssertionVerifier;
import dev.gatehouse.agent.stream.StreamListenerVerticle;
import dev.gatehouse.shared.admin.Restarts;
import dev.gatehouse.shared.cli.Runtimes;
import dev.gatehouse.shared.metrics.Metrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.sqlclient.Pool;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A running agent: its database, backends and HTTP listener, started and stopped as one. */
public final class Agent implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Agent.class);
  private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

  /** The registration journal's own connections: short statements, one sweep at a time. */
  private static final int JOURNAL_POOL_SIZE = 2;

  /** The PostgreSQL pools' names, as their meters' {@code pool_name} shows them. */
  private static final String MAIN_POOL = "main";

  private static final String JOURNAL_POOL = "journal";

  /**
   * The status route's reads and the database health check: a pool of their own, so that a burst of
   * registrations holding the main pool while a slow game server answers takes neither the status
   * route nor the agent's health down with it.
   */
  private static final String READS_POOL = "reads";

  private static final int READS_POOL_SIZE = 2;

  private final Vertx vertx;
  private final Database database;
  private final int port;
  private final int adminPort;

  private Agent(Vertx vertx, Database database, int port, int adminPort) {
    this.vertx = vertx;
    this.database = database;
    this.port = port;
    this.adminPort = adminPort;
  }

  /** Starts everything; blocks the calling thread (never an event loop) until it listens. */
  public static Agent start(AgentConfig config) throws Exception {
    Database database = Database.open(config.database());
    database.onEmbeddedServerDeath(
        () -> {
          // Exit for the service manager to start the agent, and with it PostgreSQL, again
          // (the unit restarts on failure): until then every registration and status read fails.
          log.error("the embedded PostgreSQL stopped under the agent: exiting to be restarted");
          System.exit(1);
        });
    PrometheusMeterRegistry registry = Metrics.newRegistry(config.metrics());
    Vertx vertx =
        config.metrics().enabled()
            ? Runtimes.vertx(
                Metrics.poolMetrics(registry, "gatehouse.agent"),
                new MicrometerMetricsFactory(registry))
            : Runtimes.vertx();
    try {
      Pool pool = database.pool(vertx, MAIN_POOL, config.database().poolSize());
      Pool reads = database.pool(vertx, READS_POOL, READS_POOL_SIZE);
      DependencyChecks checks =
          new DependencyChecks(
              vertx, reads, config.gameServer().requestTimeout(), config.registers());
      AgentMetrics metrics =
          new AgentMetrics(
              registry,
              config.routes().stream().map(AgentRoute::path).toList(),
              config.metrics().enabled());
      AgentServerVerticle server =
          new AgentServerVerticle(
              config,
              new HealthHandler(checks),
              metrics,
              new AgentOperations(
                  checks, new Restarts(AgentComponents.of(vertx, config.registers()))));
      AgentAdminVerticle admin = new AgentAdminVerticle(config.admin(), registry);
      List<StreamListenerVerticle> streams = Collections.synchronizedList(new ArrayList<>());
      Runtimes.await(
          vertx
              .deployVerticle(new StatusVerticle(reads, config.status(), registry))
              .compose(
                  id ->
                      config.registers()
                          ? deployRegistration(vertx, config, database, pool, registry)
                          : Future.succeededFuture())
              .compose(id -> checks.start())
              .compose(checked -> vertx.deployVerticle(server))
              .compose(
                  id ->
                      config.admin().enabled()
                          ? vertx.deployVerticle(admin)
                          : Future.succeededFuture(id))
              .compose(id -> deployStreams(vertx, config, streams)),
          START_TIMEOUT);
      if (!streams.isEmpty()) {
        log.info(
            "agent stream listener on {}:{} ({})",
            config.host(),
            streams.get(0).actualPort(),
            String.join(", ", config.streams().targets().keySet()));
      }
      log.info("agent listening on http://{}:{}", config.host(), server.actualPort());
      if (config.admin().enabled()) {
        log.info("agent admin listener on http://{}:{}", config.admin().host(), admin.actualPort());
      }
      return new Agent(vertx, database, server.actualPort(), admin.actualPort());
    } catch (Exception e) {
      vertx.close();
      database.close();
      throw e;
    }
  }

  /** The stream port on every event loop, with one replay cache for all of them. */
  private static Future<?> deployStreams(
      Vertx vertx, AgentConfig config, List<StreamListenerVerticle> started) {
    if (!config.streams().enabled()) {
      return Future.succeededFuture();
    }
    StreamAssertionVerifier verifier =
        new StreamAssertionVerifier(
            config.trust().edgeSecret().orElseThrow(), config.trust().clockSkew());
    return vertx.deployVerticle(
        () -> {
          StreamListenerVerticle verticle =
              new StreamListenerVerticle(
                  config.streams(), config.trust().allowedSources(), verifier);
          started.add(verticle);
          return verticle;
        },
        new DeploymentOptions().setInstances(Runtime.getRuntime().availableProcessors()));
  }

  private static Future<String> deployRegistration(
      Vertx vertx, AgentConfig config, Database database, Pool pool, MeterRegistry registry) {
    Pool journal = database.pool(vertx, JOURNAL_POOL, JOURNAL_POOL_SIZE);
    return vertx.deployVerticle(
        new RegistrationVerticle(
            pool,
            journal,
            config.registration(),
            config.gameServer(),
            new RegistrationMeters(registry)));
  }

  public int port() {
    return port;
  }

  /** The admin listener's port; 0 when it is off. */
  public int adminPort() {
    return adminPort;
  }

  @Override
  public void close() {
    Runtimes.close(vertx, "agent");
    database.close();
  }
}
