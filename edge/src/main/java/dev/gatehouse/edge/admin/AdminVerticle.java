package dev.gatehouse.edge.admin;

import dev.gatehouse.edge.acme.AcmeStatus;
import dev.gatehouse.edge.ban.BanList;
import dev.gatehouse.edge.proxy.TargetPool;
import dev.gatehouse.shared.cli.BindFailure;
import dev.gatehouse.shared.error.ApiError;
import dev.gatehouse.shared.error.ErrorCode;
import dev.gatehouse.shared.error.JsonFailureHandler;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
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
 * ejections) and the ACME certificate's state, {@code GET /admin/bans} lists bans, {@code DELETE
 * /admin/bans/IP} lifts one.
 */
public final class AdminVerticle extends VerticleBase {

  private final AdminConfig config;
  private final BanList bans;
  private final Map<String, TargetPool> pools;
  private final Supplier<Optional<AcmeStatus>> acme;
  private volatile int actualPort;

  public AdminVerticle(
      AdminConfig config,
      BanList bans,
      Map<String, TargetPool> pools,
      Supplier<Optional<AcmeStatus>> acme) {
    this.config = config;
    this.bans = bans;
    this.pools = pools;
    this.acme = acme;
  }

  @Override
  public Future<?> start() {
    Router router = Router.router(vertx);
    router.get("/health").handler(this::health);
    router.get("/admin/bans").handler(this::list);
    router.delete("/admin/bans/:ip").handler(this::lift);
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
    JsonObject upstreams = new JsonObject();
    pools.forEach((name, pool) -> upstreams.put(name, pool.toJson()));
    JsonObject health = new JsonObject().put("ok", true).put("upstreams", upstreams);
    acme.get().ifPresent(status -> health.put("acme", status.toJson()));
    ctx.json(health);
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
