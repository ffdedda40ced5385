package dev.gatehouse.edge;

import dev.gatehouse.edge.acme.AcmeRedirectVerticle;
import dev.gatehouse.edge.limits.ConnectionCounter;
import dev.gatehouse.edge.policy.LocalRateLimiter;
import java.util.HashMap;
import java.util.Map;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import dev.gatehouse.shared.cli.Runtimes;
import io.vertx.core.Vertx;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A running edge: its HTTPS verticles and the HTTP redirect listener, started and stopped as one. */
public final class Edge implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Edge.class);
  private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

  private final Vertx vertx;
  private final int httpsPort;
  private final int httpPort;

  private Edge(Vertx vertx, int httpsPort, int httpPort) {
    this.vertx = vertx;
    this.httpsPort = httpsPort;
    this.httpPort = httpPort;
  }

  /** Starts the listeners; blocks the calling thread (never an event loop) until they listen. */
  public static Edge start(EdgeConfig config) throws Exception {
    Vertx vertx = Runtimes.vertx();
    Map<String, LocalRateLimiter> limiters = new HashMap<>();
    config.routes()
        .forEach(
            route ->
                route.rateLimit()
                    .ifPresent(
                        spec ->
                            limiters.put(route.path(), new LocalRateLimiter(spec, config.maxTrackedIps()))));
    ConnectionCounter connections = new ConnectionCounter(config.limits().maxConnectionsPerIp());
    try {
      AcmeRedirectVerticle redirect =
          new AcmeRedirectVerticle(
              config.host(), config.httpPort(), config.publicHttpsPort(), config.acmeWebroot());
      Runtimes.await(
          vertx
              .deployVerticle(
                  () -> new EdgeVerticle(config, limiters, connections),
                  new DeploymentOptions().setInstances(config.instances()))
              .compose(id -> config.httpEnabled() ? vertx.deployVerticle(redirect) : Future.succeededFuture(id)),
          START_TIMEOUT);
      log.info(
          "edge listening on https://{}:{} ({} instances){}",
          config.host(),
          config.httpsPort(),
          config.instances(),
          config.httpEnabled() ? ", http redirect on port " + redirect.actualPort() : "");
      return new Edge(vertx, config.httpsPort(), redirect.actualPort());
    } catch (Exception e) {
      vertx.close();
      throw e;
    }
  }

  public int httpsPort() {
    return httpsPort;
  }

  public int httpPort() {
    return httpPort;
  }

  @Override
  public void close() {
    Runtimes.close(vertx, "edge");
  }
}
