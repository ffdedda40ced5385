package dev.gatehouse.edge;

import dev.gatehouse.edge.accesslog.OutsideRoutes;
import dev.gatehouse.edge.acme.AcmeRedirectVerticle;
import dev.gatehouse.edge.admin.AdminVerticle;
import dev.gatehouse.edge.admin.EdgeStatus;
import dev.gatehouse.edge.admin.OperatorApi;
import dev.gatehouse.edge.admin.auth.AdminAuth;
import dev.gatehouse.edge.ban.BanList;
import dev.gatehouse.edge.config.EdgeConfig;
import dev.gatehouse.edge.jvm.CompilerPriority;
import dev.gatehouse.edge.limits.ConnectionCounter;
import dev.gatehouse.edge.metrics.CertificateExpiry;
import dev.gatehouse.edge.metrics.EdgeGauges;
import dev.gatehouse.edge.proxy.TargetPool;
import dev.gatehouse.edge.redis.SharedState;
import dev.gatehouse.edge.stream.StreamListeners;
import dev.gatehouse.edge.trust.AssertionSigner;
import dev.gatehouse.shared.cli.Runtimes;
import dev.gatehouse.shared.metrics.Metrics;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
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
  private final EdgeReload reload;
  private final int httpsPort;
  private final int httpPort;
  private final int adminPort;

  private final List<Integer> streamPorts;

  private Edge(
      Vertx vertx,
      EdgeReload reload,
      int httpsPort,
      int httpPort,
      int adminPort,
      List<Integer> streamPorts) {
    this.vertx = vertx;
    this.reload = reload;
    this.streamPorts = streamPorts;
    this.httpsPort = httpsPort;
    this.httpPort = httpPort;
    this.adminPort = adminPort;
  }

  /** Starts the listeners; blocks the calling thread (never an event loop) until they listen. */
  public static Edge start(EdgeConfig config) throws Exception {
    return start(config, Optional.empty());
  }

  /**
   * The same, with {@code reread} reading and checking the config file again for {@code POST
   * /admin/reload}.
   */
  public static Edge start(EdgeConfig config, Optional<Supplier<EdgeConfig>> reread)
      throws Exception {
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
    PrometheusMeterRegistry registry = Metrics.newRegistry(config.metrics());
    EdgeReload reload = new EdgeReload(vertx, config, reread, redis, registry, connections, bans);
    Map<String, TargetPool> pools = reload.current().state().pools();
    EdgeGauges.bind(registry, pools, connections, bans, redis);
    AcmeWiring acme = new AcmeWiring(config, redis);
    Optional<OperatorApi> api =
        config.admin().auth().enabled()
            ? Optional.of(
                new OperatorApi(
                    vertx,
                    AdminAuth.create(
                        vertx,
                        config.admin().auth(),
                        bans,
                        config.bans().neverBan(),
                        Clock.systemUTC()),
                    new EdgeStatus(
                        vertx,
                        reload::current,
                        bans,
                        acme.certificateFile(),
                        acme::status,
                        () -> redis.map(SharedState::shared)),
                    bans,
                    reload::reload,
                    reload::current))
            : Optional.empty();
    AdminVerticle admin =
        new AdminVerticle(config.admin(), reload::current, acme::status, registry, api);
    try {
      AcmeRedirectVerticle redirect =
          acme.redirect(new OutsideRoutes(() -> reload.current().state().metrics()));
      AtomicBoolean first = new AtomicBoolean(true);
      Runtimes.await(
          vertx
              .deployVerticle(
                  () -> new EdgeVerticle(reload::current, first.getAndSet(false)),
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
              vertx,
              config.streams(),
              upstream ->
                  new AssertionSigner(
                      config.assertionSecret(upstream).orElseThrow(), config.assertion().ttl()),
              pools,
              bans,
              registry,
              config.instances(),
              START_TIMEOUT);
      reload.startChecks();
      CompilerPriority.lowerOnceWarm(vertx);
      new CertificateExpiry(vertx, acme.certificateFile()).start(registry);
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
          vertx,
          reload,
          config.httpsPort(),
          redirect.actualPort(),
          admin.actualPort(),
          streamPorts);
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
    reload.stopChecks();
    Runtimes.close(vertx, "edge");
  }
}
