package dev.gatehouse.edge.admin.auth;

import dev.gatehouse.edge.config.AdminAuthConfig;
import dev.gatehouse.edge.config.Operator;
import dev.gatehouse.shared.error.ApiError;
import dev.gatehouse.shared.error.ErrorCode;
import dev.gatehouse.shared.password.Argon2id;
import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /admin/login}, {@code /admin/refresh} and {@code /admin/logout}. Passwords are
 * checked on a two-thread pool of their own (an Argon2id check takes 19 MiB and tens of
 * milliseconds), with at most {@link #MAX_PENDING} waiting. Every failed login counts against the
 * IP and the user name ({@link LoginGuard}) and towards the IP's ban. Neither passwords nor tokens
 * are ever logged.
 */
final class TokenEndpoints {

  static final int MAX_PENDING = 8;
  private static final Logger security = LoggerFactory.getLogger("gatehouse.security");

  private final Map<String, Operator> operators;
  private final AccessTokens access;
  private final RefreshTokens refresh;
  private final RefreshStore store;
  private final LoginGuard guard;
  private final Consumer<String> strike;
  private final WorkerExecutor hashing;
  private final String decoyHash;
  private int pending;

  TokenEndpoints(
      AdminAuthConfig config,
      AccessTokens access,
      RefreshTokens refresh,
      RefreshStore store,
      LoginGuard guard,
      Consumer<String> strike,
      WorkerExecutor hashing) {
    this.operators = config.operators();
    this.access = access;
    this.refresh = refresh;
    this.store = store;
    this.guard = guard;
    this.strike = strike;
    this.hashing = hashing;
    // Unknown names are checked against a hash too, so timing does not tell which names exist.
    this.decoyHash = config.operators().values().iterator().next().passwordHash();
  }

  void login(RoutingContext ctx) {
    JsonObject body = body(ctx);
    String user = field(body, "username");
    String password = field(body, "password");
    String ip = ip(ctx);
    Optional<Duration> locked = guard.lockedFor(ip, user);
    if (locked.isPresent()) {
      strike.accept(ip);
      ctx.response()
          .putHeader(HttpHeaders.RETRY_AFTER, String.valueOf(locked.get().toSeconds() + 1));
      ctx.fail(new ApiError(ErrorCode.LOGIN_LOCKED));
      return;
    }
    if (pending >= MAX_PENDING) {
      ctx.response().putHeader(HttpHeaders.RETRY_AFTER, "1");
      ctx.fail(new ApiError(ErrorCode.RATE_LIMITED));
      return;
    }
    // Counted as failed before the hash is checked, and cleared if it passes: attempts made at once
    // cannot all get past the lockout while the first are still being checked.
    guard.failed(ip, user);
    check(user, password)
        .onFailure(failure -> failedLogin(ip, user))
        .compose(operator -> loggedIn(ip, operator, user))
        .onSuccess(pair -> answer(ctx, pair))
        .onFailure(ctx::fail);
  }

  void refresh(RoutingContext ctx) {
    String token = field(body(ctx), "refresh_token");
    RefreshTokens.Outcome outcome = refresh.rotate(token);
    if (outcome instanceof RefreshTokens.Outcome.Rotated rotated
        && operators.containsKey(rotated.operator())) {
      Operator operator = operators.get(rotated.operator());
      String login = refresh.familyOf(rotated.token()).orElseThrow();
      saved()
          .onFailure(
              notSaved -> {
                // Taken back, and saved so: a later save may already have written the rotation.
                refresh.unrotate(rotated.token());
                saved();
              })
          .map(v -> pair(operator, rotated.token(), login))
          .onSuccess(p -> answer(ctx, p))
          .onFailure(ctx::fail);
    } else if (outcome instanceof RefreshTokens.Outcome.Rotated gone) {
      // An operator taken out of the config keeps no login.
      refresh.revokeOperator(gone.operator());
      saved().onComplete(v -> ctx.fail(new ApiError(ErrorCode.INVALID_REFRESH_TOKEN)));
    } else if (outcome instanceof RefreshTokens.Outcome.Reused reused) {
      security.warn(
          "refresh token reuse: login family {} of operator {} revoked, request from {}",
          reused.family(),
          reused.operator(),
          ip(ctx));
      saved().onComplete(v -> ctx.fail(new ApiError(ErrorCode.REFRESH_TOKEN_REUSED)));
    } else {
      strike.accept(ip(ctx));
      ctx.fail(new ApiError(ErrorCode.INVALID_REFRESH_TOKEN));
    }
  }

  void logout(RoutingContext ctx) {
    if (!refresh.logout(field(body(ctx), "refresh_token"))) {
      strike.accept(ip(ctx));
      ctx.fail(new ApiError(ErrorCode.INVALID_REFRESH_TOKEN));
      return;
    }
    saved().onComplete(v -> ctx.response().setStatusCode(204).end());
  }

  private Future<Operator> check(String user, String password) {
    Operator operator = operators.get(user);
    String hash = operator != null ? operator.passwordHash() : decoyHash;
    pending++;
    return hashing
        .executeBlocking(() -> Argon2id.matches(password, hash), false)
        .andThen(done -> pending--)
        .compose(
            matches ->
                matches && operator != null
                    ? Future.succeededFuture(operator)
                    : Future.failedFuture(new ApiError(ErrorCode.INVALID_CREDENTIALS)));
  }

  private void failedLogin(String ip, String user) {
    strike.accept(ip);
    // A name typed into the wrong field could be a password: only configured names are logged.
    security.warn(
        "failed admin login for {} from {}",
        operators.containsKey(user) ? user : "an unknown name",
        ip);
  }

  private Future<JsonObject> loggedIn(String ip, Operator operator, String user) {
    guard.succeeded(ip, user);
    security.info("admin login of {} from {}", operator.name(), ip);
    String token = refresh.start(operator.name());
    String login = refresh.familyOf(token).orElseThrow();
    return saved()
        .onFailure(notSaved -> refresh.logout(token)) // a login nobody was told of
        .map(v -> pair(operator, token, login));
  }

  private Future<Void> saved() {
    return store
        .save(refresh.toJson())
        .onFailure(e -> security.error("cannot save the refresh tokens: {}", e.getMessage()));
  }

  /** The answer to a login or refresh: tokens of the login (refresh token family) {@code login}. */
  private JsonObject pair(Operator operator, String refreshToken, String login) {
    return new JsonObject()
        .put("access_token", access.issue(operator, login))
        .put("refresh_token", refreshToken)
        .put("token_type", "Bearer")
        .put("expires_in", access.ttlSeconds());
  }

  private static void answer(RoutingContext ctx, JsonObject pair) {
    ctx.response().putHeader(HttpHeaders.CACHE_CONTROL, "no-store");
    ctx.json(pair);
  }

  private static JsonObject body(RoutingContext ctx) {
    try {
      JsonObject body = ctx.body().asJsonObject();
      if (body == null) {
        throw new ApiError(ErrorCode.BAD_REQUEST, "The body must be a JSON object.");
      }
      return body;
    } catch (DecodeException | ClassCastException e) {
      throw new ApiError(ErrorCode.BAD_REQUEST, "The body must be a JSON object.");
    }
  }

  private static String field(JsonObject body, String name) {
    if (!(body.getValue(name) instanceof String value) || value.isEmpty() || value.length() > 512) {
      throw ApiError.validation(Map.of(name, "a non-empty string is required"));
    }
    return value;
  }

  private static String ip(RoutingContext ctx) {
    return ctx.request().remoteAddress().hostAddress();
  }
}
