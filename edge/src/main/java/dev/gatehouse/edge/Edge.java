package dev.gatehouse.edge;

import dev.gatehouse.edge.acme.AcmeConfig;
import dev.gatehouse.edge.acme.AcmeFiles;
import dev.gatehouse.edge.acme.AcmeRedirectVerticle;
import dev.gatehouse.edge.acme.AcmeVerticle;
import dev.gatehouse.edge.acme.ChallengeTokens;
import dev.gatehouse.edge.admin.AdminVerticle;
import dev.gatehouse.edge.ban.BanList;
import dev.gatehouse.edge.cache.ResponseCache;
import dev.gatehouse.edge.config.EdgeConfig;
import dev.gatehouse.edge.config.EdgeRoute;
import dev.gatehouse.edge.limits.ConnectionCounter;
import dev.gatehouse.edge.metrics.CertificateExpiry;
import dev.gatehouse.edge.metrics.EdgeMetricNames;
import dev.gatehouse.edge.metrics.EdgeMetrics;
import dev.gatehouse.edge.proxy.HealthChecker;
import dev.gatehouse.edge.proxy.TargetPool;
import dev.gatehouse.edge.ratelimit.LocalRateLimiter;
import dev.gatehouse.edge.ratelimit.RateLimiter;
import dev.gatehouse.edge.ratelimit.SharedRateLimiter;
import dev.gatehouse.edge.redis.SharedState;
import dev.gatehouse.edge.routing.ProcessState;
import dev.gatehouse.edge.stream.StreamVerticle;
import dev.gatehouse.edge.trust.AssertionSigner;
import dev.gatehouse.shared.cli.Runtimes;
import dev.gatehouse.shared.log.CountingAsyncAppender;
import dev.gatehouse.shared.metrics.Metrics;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
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
    Map<String, RateLimiter> limiters = rateLimiters(config, redis);
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
    bindGauges(registry, pools, connections, bans, redis);
    ProcessState state =
        new ProcessState(
            limiters,
            connections,
            bans,
            Map.copyOf(pools),
            Map.copyOf(caches),
            new EdgeMetrics(registry, config.routes()));
    ChallengeTokens tokens = new ChallengeTokens(redis);
    Optional<AcmeVerticle> acme =
        config.tls().acme().map(a -> new AcmeVerticle(a, tokens, Clock.systemUTC()));
    AdminVerticle admin =
        new AdminVerticle(
            config.admin(), bans, pools, () -> acme.map(AcmeVerticle::status), registry);
    try {
      if (config.tls().acme().isPresent()) {
        new AcmeFiles(config.tls().acme().get()).ensureServable();
      }
      AcmeRedirectVerticle redirect =
          new AcmeRedirectVerticle(
              config.host(),
              config.httpPort(),
              config.publicHttpsPort(),
              config.acmeWebroot(),
              tokens,
              config.limits().maxHeaders());
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
              // After the port-80 listener, which must answer the CA's challenges.
              .compose(
                  id ->
                      acme.isPresent()
                          ? vertx.deployVerticle(acme.get())
                          : Future.succeededFuture(id)),
          START_TIMEOUT);
      List<StreamVerticle> streams = new ArrayList<>();
      for (var stream : config.streams()) {
        StreamVerticle verticle =
            new StreamVerticle(
                stream,
                pools.get(stream.upstream()),
                bans,
                new AssertionSigner(config.assertion()));
        Runtimes.await(vertx.deployVerticle(verticle), START_TIMEOUT);
        streams.add(verticle);
        log.info(
            "stream {} listening on tcp://{}:{}",
            stream.name(),
            stream.host(),
            verticle.actualPort());
      }
      checkers.forEach(HealthChecker::start);
      new CertificateExpiry(
              vertx,
              config.tls().acme().map(AcmeConfig::certificateFile).orElse(config.tls().cert()))
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
          vertx,
          config.httpsPort(),
          redirect.actualPort(),
          admin.actualPort(),
          streams.stream().map(StreamVerticle::actualPort).toList());
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

  private static void bindGauges(
      MeterRegistry registry,
      Map<String, TargetPool> pools,
      ConnectionCounter connections,
      BanList bans,
      Optional<SharedState> redis) {
    pools.forEach((name, pool) -> pool.bindTo(registry, name));
    Gauge.builder(EdgeMetricNames.CONNECTIONS_OPEN, connections, ConnectionCounter::open)
        .register(registry);
    FunctionCounter.builder(
            EdgeMetricNames.ACCESS_LOG_DROPPED, connections, c -> CountingAsyncAppender.dropped())
        .register(registry);
    Gauge.builder(EdgeMetricNames.BANS_ACTIVE, bans, b -> b.current().size()).register(registry);
    redis.ifPresent(
        r ->
            Gauge.builder(EdgeMetricNames.REDIS_SHARED, r, s -> s.shared() ? 1 : 0)
                .register(registry));
  }

  /**
   * One limiter per limited route, shared by all instances: in Redis when configured, else local.
   */
  private static Map<String, RateLimiter> rateLimiters(
      EdgeConfig config, Optional<SharedState> redis) {
    Map<String, RateLimiter> limiters = new HashMap<>();
    for (EdgeRoute route : config.routes()) {
      route
          .rateLimit()
          .ifPresent(
              spec -> {
                LocalRateLimiter local = new LocalRateLimiter(spec, config.maxTrackedIps());
                limiters.put(
                    route.path(),
                    redis
                        .<RateLimiter>map(r -> new SharedRateLimiter(r, route.path(), spec, local))
                        .orElse(local));
              });
    }
    return limiters;
  }
}
