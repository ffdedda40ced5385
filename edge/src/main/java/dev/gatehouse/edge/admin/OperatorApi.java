package dev.gatehouse.edge.admin;

import dev.gatehouse.edge.admin.auth.AdminAuth;
import dev.gatehouse.edge.admin.auth.BearerAuth;
import dev.gatehouse.edge.ban.BanList;
import dev.gatehouse.edge.config.Role;
import dev.gatehouse.edge.routing.Generation;
import dev.gatehouse.shared.admin.LogQuery;
import dev.gatehouse.shared.admin.Restarts;
import dev.gatehouse.shared.error.ApiError;
import dev.gatehouse.shared.error.ErrorCode;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.function.Supplier;

/**
 * The admin API behind the operators' tokens: {@code viewer} reads status, logs and bans; {@code
 * operator} also lifts bans, reloads the config and restarts allow-listed components.
 */
public final class OperatorApi {

  private final AdminAuth auth;
  private final EdgeStatus status;
  private final BanList bans;
  private final Supplier<Future<JsonObject>> reload;
  private final Restarts restarts;
  private final AgentRelay agents;

  public OperatorApi(
      Vertx vertx,
      AdminAuth auth,
      EdgeStatus status,
      BanList bans,
      Supplier<Future<JsonObject>> reload,
      Supplier<Generation> live) {
    this.auth = auth;
    this.status = status;
    this.bans = bans;
    this.reload = reload;
    this.restarts = new Restarts(EdgeComponents.of(live));
    this.agents = new AgentRelay(vertx, live);
  }

  void mount(Router router) {
    auth.mount(router);
    router.get("/admin/status").handler(BearerAuth.requires(Role.VIEWER)).handler(this::status);
    router.get("/admin/logs").handler(BearerAuth.requires(Role.VIEWER)).handler(LogQuery::handle);
    router.get("/admin/bans").handler(BearerAuth.requires(Role.VIEWER)).handler(this::list);
    router
        .delete("/admin/bans/:ip")
        .handler(BearerAuth.requires(Role.OPERATOR))
        .handler(this::lift);
    router.post("/admin/reload").handler(BearerAuth.requires(Role.OPERATOR)).handler(this::reload);
    router
        .post("/admin/restart/:component")
        .handler(BearerAuth.requires(Role.OPERATOR))
        .handler(restarts::handle);
    agents.mount(router);
  }

  private void status(RoutingContext ctx) {
    status.toJson(restarts.names()).onSuccess(ctx::json).onFailure(ctx::fail);
  }

  private void reload(RoutingContext ctx) {
    reload.get().onSuccess(ctx::json).onFailure(ctx::fail);
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
