package dev.gatehouse.edge;

import dev.gatehouse.edge.acme.AcmeRedirectVerticle;
import dev.gatehouse.edge.admin.AdminVerticle;
import dev.gatehouse.edge.admin.auth.AdminAuth;
import dev.gatehouse.edge.ban.BanList;
import dev.gatehouse.edge.cache.ResponseCache;
import dev.gatehouse.edge.config.EdgeConfig;
import dev.gatehouse.edge.limits.ConnectionCounter;
import dev.gatehouse.edge.metrics.CertificateExpiry;
import dev.gatehouse.edge.metrics.EdgeGauges;
import dev.gatehouse.edge.metrics.EdgeMetrics;
import dev.gatehouse.edge.proxy.HealthChecker;
import dev.gatehouse.edge.proxy.TargetPool;
import dev.gatehouse.edge.redis.SharedState;
import dev.gatehouse.edge.routing.ProcessState;
import dev.gatehouse.edge.stream.StreamListeners;
import dev.gatehouse.shared.cli.Runtimes;
import dev.gatehouse.shared.metrics.Metrics;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running edge: its HTTPS verticles, the HTTP redirect listener and, with {@code tls.acme}, the
 * certificate's renewal, started and stopped as one.
 */
public final class Edge implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Edge.class);
  private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

  private final Vertx vertx;
  private final int httpsPort;
  private final int httpPort;
  private final int adminPort;

  private final List<Integer> streamPorts;

  private Edge(Vertx vertx, int httpsPort, int httpPort, int adminPort, List<Integer> streamPorts) {
    this.vertx = vertx;
    this.streamPorts = streamPorts;
    this.httpsPort = httpsPort;
    this.httpPort = httpPort;
    this.adminPort = adminPort;
  }

  /** Starts the listeners; blocks the calling thread (never an event loop) until they listen. */
  public static Edge start(EdgeConfig config) throws Exception {
    Vertx vertx = Runtimes.vertx();
    Optional<SharedState> redis =
        config.redis().enabled()
            ? Optional.of(new SharedState(vertx, config.redis()))
            : Optional.empty();
    ConnectionCounter connections = new ConnectionCounter(config.limits().maxConnectionsPerIp());
    BanList bans = BanList.create(config.bans(), Clock.systemUTC(), redis);
    if (redis.isPresent()) {
      vertx.setPeriodic(config.bans().syncInterval().toMillis(), id -> bans.sync());
    }
    Map<String, TargetPool> pools = new LinkedHashMap<>();
    List<HealthChecker> checkers = new ArrayList<>();
    config
        .upstreams()
        .forEach(
            (name, upstream) -> {
              TargetPool pool = new TargetPool(upstream);
              pools.put(name, pool);
              checkers.add(new HealthChecker(vertx, pool));
            });
    Map<String, ResponseCache> caches = new HashMap<>();
    config
        .routes()
        .forEach(
            route -> route.cache().ifPresent(c -> caches.put(route.path(), new ResponseCache(c))));
    PrometheusMeterRegistry registry = Metrics.newRegistry();
    EdgeGauges.bind(registry, pools, connections, bans, redis);
    ProcessState state =
        new ProcessState(
            RateLimiters.forRoutes(config, redis),
            connections,
            bans,
            Map.copyOf(pools),
            Map.copyOf(caches),
            new EdgeMetrics(registry, config.routes()));
    AcmeWiring acme = new AcmeWiring(config, redis);
    Optional<AdminAuth> auth =
        config.admin().auth().enabled()
            ? Optional.of(
                AdminAuth.create(
                    vertx,
                    config.admin().auth(),
                    bans,
                    config.bans().neverBan(),
                    Clock.systemUTC()))
            : Optional.empty();
    AdminVerticle admin =
        new AdminVerticle(config.admin(), bans, pools, acme::status, registry, auth);
    try {
      AcmeRedirectVerticle redirect = acme.redirect();
      Runtimes.await(
          vertx
              .deployVerticle(
                  () -> new EdgeVerticle(config, state),
                  new DeploymentOptions().setInstances(config.instances()))
              .compose(
                  id ->
                      config.httpEnabled()
                          ? vertx.deployVerticle(redirect)
                          : Future.succeededFuture(id))
              .compose(
                  id ->
                      config.admin().enabled()
                          ? vertx.deployVerticle(admin)
                          : Future.succeededFuture(id))
              .compose(id -> acme.deployRenewal(vertx)),
          START_TIMEOUT);
      List<Integer> streamPorts =
          StreamListeners.deploy(
              vertx, config.streams(), config.assertion(), pools, bans, START_TIMEOUT);
      checkers.forEach(HealthChecker::start);
      new CertificateExpiry(vertx, acme.certificateFile())
          .start(registry, config.tls().reloadInterval());
      log.info(
          "edge listening on https://{}:{} ({} instances){}",
          config.host(),
          config.httpsPort(),
          config.instances(),
          config.httpEnabled() ? ", http redirect on port " + redirect.actualPort() : "");
      if (config.admin().enabled()) {
        log.info("admin listener on http://{}:{}", config.admin().host(), admin.actualPort());
      }
      return new Edge(
          vertx, config.httpsPort(), redirect.actualPort(), admin.actualPort(), streamPorts);
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

  public int adminPort() {
    return adminPort;
  }

  /** The ports of {@code streams:}, in their order. */
  public List<Integer> streamPorts() {
    return streamPorts;
  }

  @Override
  public void close() {
    Runtimes.close(vertx, "edge");
  }
}
