package dev.gatehouse.edge.admin.auth;

import dev.gatehouse.edge.ban.BanList;
import dev.gatehouse.edge.config.AdminAuthConfig;
import dev.gatehouse.shared.error.ApiError;
import dev.gatehouse.shared.error.ErrorCode;
import dev.gatehouse.shared.net.AddressSet;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.Clock;
import java.util.function.Consumer;

/**
 * The admin API's authentication, assembled: the token endpoints and the bearer check in front of
 * every other {@code /admin/} route. Made on the starting thread, which may block: it reads (or
 * makes) the signing key and reads the saved refresh tokens.
 */
public final class AdminAuth {

  static final int MAX_BODY = 4096;
  private static final int HASHING_THREADS = 2;

  private final TokenEndpoints endpoints;
  private final BearerAuth bearer;
  private final BanList bans;

  private AdminAuth(TokenEndpoints endpoints, BearerAuth bearer, BanList bans) {
    this.endpoints = endpoints;
    this.bearer = bearer;
    this.bans = bans;
  }

  /**
   * Failed logins and forged tokens count as strikes against the caller's IP in {@code bans},
   * except from {@code neverBan}.
   */
  public static AdminAuth create(
      Vertx vertx, AdminAuthConfig config, BanList bans, AddressSet neverBan, Clock clock) {
    if (!config.enabled()) {
      throw new IllegalArgumentException("no operators configured");
    }
    RefreshStore store = new RefreshStore(vertx, config.stateDir().orElseThrow());
    RefreshTokens refresh = new RefreshTokens(clock, config.refreshTokenTtl());
    store.load().ifPresent(refresh::load);
    AccessTokens access =
        new AccessTokens(
            vertx,
            TokenKey.loadOrCreate(config.tokenKeyFile().orElseThrow()),
            config,
            refresh::live);
    Consumer<String> strike =
        ip -> {
          if (!neverBan.contains(ip)) {
            bans.strike(ip);
          }
        };
    TokenEndpoints endpoints =
        new TokenEndpoints(
            config,
            access,
            refresh,
            store,
            new LoginGuard(config, clock),
            strike,
            vertx.createSharedWorkerExecutor("gatehouse-admin-login", HASHING_THREADS));
    return new AdminAuth(endpoints, new BearerAuth(access, strike), bans);
  }

  /**
   * Adds the token endpoints to {@code router}, and the bearer check to every other {@code /admin/}
   * route added after this call.
   */
  public void mount(Router router) {
    BodyHandler body = BodyHandler.create(false).setBodyLimit(MAX_BODY);
    router.route("/admin/*").handler(this::refuseBanned);
    router.post("/admin/login").handler(body).handler(endpoints::login);
    router.post("/admin/refresh").handler(body).handler(endpoints::refresh);
    router.post("/admin/logout").handler(body).handler(endpoints::logout);
    router.route("/admin/*").handler(bearer);
  }

  private void refuseBanned(RoutingContext ctx) {
    if (bans.bannedUntil(ctx.request().remoteAddress().hostAddress()).isPresent()) {
      ctx.fail(new ApiError(ErrorCode.BANNED));
    } else {
      ctx.next();
    }
  }
}
