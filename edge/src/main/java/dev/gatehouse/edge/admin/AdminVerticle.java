package dev.gatehouse.edge.admin;

import dev.gatehouse.edge.acme.AcmeStatus;
import dev.gatehouse.edge.admin.auth.AdminAuth;
import dev.gatehouse.edge.admin.auth.BearerAuth;
import dev.gatehouse.edge.admin.auth.Role;
import dev.gatehouse.edge.ban.BanList;
import dev.gatehouse.edge.proxy.TargetPool;
import dev.gatehouse.shared.cli.BindFailure;
import dev.gatehouse.shared.error.ApiError;
import dev.gatehouse.shared.error.ErrorCode;
import dev.gatehouse.shared.error.ErrorReplies;
import dev.gatehouse.shared.error.JsonFailureHandler;
import dev.gatehouse.shared.metrics.Metrics;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The admin listener: {@code GET /health} shows every agent of every upstream (state, last check,
 * ejections) and the ACME certificate's state, with the verdict {@code ok}, {@code degraded} (an
 * agent is down) or {@code failing} (an upstream has none up, 503); {@code /health/live} answers
 * while the process does, {@code /health/ready} while every upstream has an agent up; {@code GET
 * /metrics} is the Prometheus scrape. With operators configured, the admin API under {@code
 * /admin/} (every call with an operator's access token): {@code GET /admin/bans} lists bans, {@code
 * DELETE /admin/bans/IP} lifts one. Without, {@code /admin/} answers 404.
 */
public final class AdminVerticle extends VerticleBase {

  private static final String OFF =
      "The admin API is off: it needs admin.operators (see gatehouse keygen admin NAME).";

  private final AdminConfig config;
  private final BanList bans;
  private final Map<String, TargetPool> pools;
  private final Supplier<Optional<AcmeStatus>> acme;
  private final PrometheusMeterRegistry registry;
  private final Optional<AdminAuth> auth;
  private volatile int actualPort;

  public AdminVerticle(
      AdminConfig config,
      BanList bans,
      Map<String, TargetPool> pools,
      Supplier<Optional<AcmeStatus>> acme,
      PrometheusMeterRegistry registry,
      Optional<AdminAuth> auth) {
    this.config = config;
    this.auth = auth;
    this.registry = registry;
    this.bans = bans;
    this.pools = pools;
    this.acme = acme;
  }

  @Override
  public Future<?> start() {
    Router router = Router.router(vertx);
    router.get("/health").handler(this::health);
    router.get("/health/live").handler(ctx -> ctx.json(new JsonObject().put("ok", true)));
    router.get("/health/ready").handler(this::ready);
    router.get("/metrics").handler(Metrics.scrapeHandler(registry));
    if (auth.isPresent()) {
      auth.get().mount(router);
      router.get("/admin/bans").handler(BearerAuth.requires(Role.VIEWER)).handler(this::list);
      router
          .delete("/admin/bans/:ip")
          .handler(BearerAuth.requires(Role.OPERATOR))
          .handler(this::lift);
    } else {
      router.route("/admin/*").handler(ctx -> ctx.fail(new ApiError(ErrorCode.NOT_FOUND, OFF)));
    }
    JsonFailureHandler.installOn(router);
    return vertx
        .createHttpServer(new HttpServerOptions().setHost(config.host()).setPort(config.port()))
        .requestHandler(router)
        .listen()
        .recover(BindFailure.naming("the admin listener", config.host(), config.port()))
        .onSuccess(server -> actualPort = server.actualPort());
  }

  public int actualPort() {
    return actualPort;
  }

  private void health(RoutingContext ctx) {
    HealthState state = HealthState.of(pools.values());
    JsonObject upstreams = new JsonObject();
    pools.forEach((name, pool) -> upstreams.put(name, pool.toJson()));
    JsonObject health =
        new JsonObject()
            .put("ok", state != HealthState.FAILING)
            .put("status", state.label())
            .put("upstreams", upstreams);
    acme.get().ifPresent(status -> health.put("acme", status.toJson()));
    answer(ctx, state, health);
  }

  private void ready(RoutingContext ctx) {
    HealthState state = HealthState.of(pools.values());
    answer(ctx, state, new JsonObject().put("ok", state != HealthState.FAILING));
  }

  private static void answer(RoutingContext ctx, HealthState state, JsonObject body) {
    if (state == HealthState.FAILING) {
      ctx.response()
          .setStatusCode(503)
          .putHeader(HttpHeaders.RETRY_AFTER, String.valueOf(ErrorReplies.RETRY_AFTER_SECONDS));
    }
    ctx.json(body);
  }

  private void list(RoutingContext ctx) {
    JsonArray list = new JsonArray();
    bans.current()
        .forEach(
            (ip, until) -> list.add(new JsonObject().put("ip", ip).put("until", until.toString())));
    ctx.json(new JsonObject().put("bans", list));
  }

  private void lift(RoutingContext ctx) {
    String ip = ctx.pathParam("ip");
    if (bans.lift(ip)) {
      ctx.response().setStatusCode(204).end();
    } else {
      ctx.fail(new ApiError(ErrorCode.NOT_FOUND, ip + " is not banned."));
    }
  }
}
