package dev.gatehouse.agent.registration;

import dev.gatehouse.agent.game.GameServerClient;
import dev.gatehouse.agent.game.GameServerException;
import dev.gatehouse.agent.telegram.TelegramMembership;
import dev.gatehouse.shared.error.ApiError;
import dev.gatehouse.shared.error.ErrorCode;
import io.vertx.core.Future;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One registration from checked request to committed account, in the order of the contract:
 * Telegram group → password hash → transaction (locks, account limit, unique login, journal line,
 * game server) → commit. A success means the player row is committed and the game server confirmed
 * the account; any failure after the game server was asked deletes the account there again.
 */
final class Registrar {

  private static final Logger log = LoggerFactory.getLogger(Registrar.class);
  private static final String LOCK_NOT_AVAILABLE = "55P03";

  private final Pool pool;
  private final RegistrationConfig config;
  private final TelegramMembership telegram;
  private final PasswordHasher hasher;
  private final GameServerClient game;
  private final PendingAccounts pending;

  Registrar(
      Pool pool,
      RegistrationConfig config,
      TelegramMembership telegram,
      PasswordHasher hasher,
      GameServerClient game,
      PendingAccounts pending) {
    this.pool = pool;
    this.config = config;
    this.telegram = telegram;
    this.hasher = hasher;
    this.game = game;
    this.pending = pending;
  }

  Future<Void> register(RegistrationRequest request) {
    return telegram
        .check(request.telegramId())
        .compose(member -> hasher.hash(request.password()))
        .compose(hash -> create(request, hash));
  }

  private Future<Void> create(RegistrationRequest request, String passwordHash) {
    boolean[] gameAsked = {false};
    return pool.<Void>withTransaction(
            conn ->
                Accounts.lock(conn, request, config.lockTimeout())
                    .compose(
                        locked ->
                            Accounts.checkLimit(
                                conn, request.telegramId(), config.maxAccountsPerTelegramId()))
                    .compose(allowed -> Accounts.insert(conn, request, passwordHash))
                    .compose(inserted -> pending.record(request.login()))
                    .compose(
                        recorded -> {
                          gameAsked[0] = true;
                          return game.register(
                              request.login(), request.password(), request.gender());
                        })
                    .compose(confirmed -> PendingAccounts.clearIn(conn, request.login())))
        .recover(failure -> gameAsked[0] ? undo(request, failure) : Future.failedFuture(failure))
        .recover(failure -> Future.failedFuture(asApiError(failure)));
  }

  /** The game server may hold the account although nothing was committed: delete it there. */
  private Future<Void> undo(RegistrationRequest request, Throwable failure) {
    log.warn(
        "registration of '{}' failed after asking the game server: {}",
        request.login(),
        failure.getMessage());
    return pending
        .settle(request.login())
        .onFailure(
            undoFailure ->
                log.warn(
                    "game account '{}' stays until the next sweep: {}",
                    request.login(),
                    undoFailure.getMessage()))
        .transform(settled -> Future.failedFuture(failure));
  }

  private static ApiError asApiError(Throwable failure) {
    if (failure instanceof ApiError apiError) {
      return apiError;
    }
    if (failure instanceof GameServerException) {
      return new ApiError(ErrorCode.GAME_SERVER_UNAVAILABLE);
    }
    if (failure instanceof PgException pg && LOCK_NOT_AVAILABLE.equals(pg.getSqlState())) {
      return new ApiError(
          ErrorCode.UPSTREAM_UNAVAILABLE,
          503,
          "Another registration for this Telegram user or login is still running; try again.");
    }
    log.error("registration failed: {}", failure.getMessage());
    return new ApiError(
        ErrorCode.UPSTREAM_UNAVAILABLE, 503, "The account database is unavailable right now.");
  }
}
