package dev.gatehouse.edge.admin;

import dev.gatehouse.edge.acme.AcmeStatus;
import dev.gatehouse.edge.config.AdminConfig;
import dev.gatehouse.edge.proxy.HealthState;
import dev.gatehouse.edge.proxy.TargetPool;
import dev.gatehouse.edge.routing.Generation;
import dev.gatehouse.shared.cli.BindFailure;
import dev.gatehouse.shared.error.ApiError;
import dev.gatehouse.shared.error.ErrorCode;
import dev.gatehouse.shared.error.JsonFailureHandler;
import dev.gatehouse.shared.metrics.Metrics;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The admin listener: {@code GET /health} shows every agent of every upstream (state, last check,
 * ejections) and the ACME certificate's state, with the verdict {@code ok}, {@code degraded} (an
 * agent is down) or {@code failing} (an upstream has none up, 503); {@code /health/live} answers
 * while the process does, {@code /health/ready} while every upstream has an agent up; {@code GET
 * /metrics} is the Prometheus scrape. With operators configured, the admin API ({@link
 * OperatorApi}) under {@code /admin/}, every call with an operator's token; without, {@code
 * /admin/} answers 404.
 */
public final class AdminVerticle extends VerticleBase {

  private static final String OFF =
      "The admin API is off: it needs admin.operators (see gatehouse keygen admin NAME).";

  private final AdminConfig config;
  private final Supplier<Generation> live;
  private final Supplier<Optional<AcmeStatus>> acme;
  private final PrometheusMeterRegistry registry;
  private final Optional<OperatorApi> api;
  private volatile int actualPort;

  public AdminVerticle(
      AdminConfig config,
      Supplier<Generation> live,
      Supplier<Optional<AcmeStatus>> acme,
      PrometheusMeterRegistry registry,
      Optional<OperatorApi> api) {
    this.config = config;
    this.live = live;
    this.acme = acme;
    this.registry = registry;
    this.api = api;
  }

  @Override
  public Future<?> start() {
    Router router = Router.router(vertx);
    router.get("/health").handler(this::health);
    router.get("/health/live").handler(ctx -> ctx.json(new JsonObject().put("ok", true)));
    router.get("/health/ready").handler(this::ready);
    router.get("/metrics").handler(Metrics.scrapeHandler(registry));
    if (api.isPresent()) {
      api.get().mount(router);
    } else {
      router.route("/admin/*").handler(ctx -> ctx.fail(new ApiError(ErrorCode.NOT_FOUND, OFF)));
    }
    JsonFailureHandler.installOn(router);
    return vertx
        .createHttpServer(
            new HttpServerOptions()
                .setHost(config.host())
                .setPort(config.port())
                // HTTP/1.1 only: its clients (the CLI, the bot, Prometheus, curl) need no more, and
                // cleartext HTTP/2 would carry header bytes and targets HTTP/1.1 cannot.
                .setHttp2ClearTextEnabled(false))
        .requestHandler(router)
        .listen()
        .recover(BindFailure.naming("the admin listener", config.host(), config.port()))
        .onSuccess(server -> actualPort = server.actualPort());
  }

  public int actualPort() {
    return actualPort;
  }

  private Map<String, TargetPool> pools() {
    return live.get().state().pools();
  }

  private void health(RoutingContext ctx) {
    HealthState state = HealthState.of(pools().values());
    JsonObject upstreams = new JsonObject();
    pools().forEach((name, pool) -> upstreams.put(name, pool.toJson()));
    JsonObject health =
        new JsonObject()
            .put("ok", state != HealthState.FAILING)
            .put("status", state.label())
            .put("upstreams", upstreams);
    acme.get().ifPresent(status -> health.put("acme", status.toJson()));
    state.answer(ctx, health);
  }

  private void ready(RoutingContext ctx) {
    Collection<TargetPool> pools = pools().values();
    HealthState state = HealthState.of(pools);
    state.answer(ctx, new JsonObject().put("ok", state != HealthState.FAILING));
  }
}
