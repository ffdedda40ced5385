package dev.gatehouse.agent.registration;

import dev.gatehouse.agent.game.GameServerClient;
import dev.gatehouse.agent.game.GameServerException;
import dev.gatehouse.agent.game.LoginExistsException;
import dev.gatehouse.agent.metrics.RegistrationMeters;
import dev.gatehouse.agent.telegram.TelegramMembership;
import dev.gatehouse.agent.telegram.TelegramProof;
import dev.gatehouse.shared.error.ApiError;
import dev.gatehouse.shared.error.ErrorCode;
import io.vertx.core.Future;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One registration from checked request to committed account, in the order of the contract:
 * Telegram proof (where required or given) → admission → Telegram group → password hash →
 * transaction (locks, account limit, unique login, earlier attempts undone, journal line, game
 * server) → commit, all before the deadline. A success means the player row is committed and the
 * game server made the account with this attempt's token; any failure after the game server was
 * asked deletes what this token made there, and nothing else.
 */
final class Registrar {

  private static final Logger log = LoggerFactory.getLogger(Registrar.class);
  private static final String LOCK_NOT_AVAILABLE = "55P03";
  private static final int TOKEN_BYTES = 16;

  static final String PASSWORD_OF =
      "SELECT password_hash FROM players WHERE lower(login) = lower($1)";

  private final Pool pool;
  private final RegistrationConfig config;
  private final TelegramMembership telegram;
  private final PasswordHasher hasher;
  private final GameServerClient game;
  private final PendingAccounts pending;
  private final InFlightLimit inFlight;
  private final TelegramProof proof;
  private final RegistrationMeters meters;
  private final SecureRandom random = new SecureRandom();

  Registrar(
      Pool pool,
      RegistrationConfig config,
      TelegramMembership telegram,
      PasswordHasher hasher,
      GameServerClient game,
      PendingAccounts pending,
      RegistrationMeters meters) {
    this.pool = pool;
    this.config = config;
    this.telegram = telegram;
    this.hasher = hasher;
    this.game = game;
    this.pending = pending;
    this.inFlight = new InFlightLimit(config.maxInFlight());
    this.proof = new TelegramProof(config.telegram(), Clock.systemUTC());
    this.meters = meters;
  }

  Future<Void> register(RegistrationRequest request, Deadline deadline) {
    return Future.succeededFuture(request)
        .map(this::proven)
        .compose(user -> inFlight.run(() -> createFor(user, deadline)))
        .recover(failure -> Future.failedFuture(asApiError(failure)));
  }

  /**
   * Whether {@code request}'s password is the one the account of its login was made with: a retry
   * under the same Idempotency-Key whose only other field, the password, differs is another
   * request. The fingerprint leaves the password out (a fast hash of it would be a guessing aid in
   * the database), so it is checked against the account's own Argon2id hash. An account that is no
   * longer there has nothing to compare with.
   */
  Future<Boolean> madeWith(RegistrationRequest request) {
    return pool.preparedQuery(PASSWORD_OF)
        .execute(Tuple.of(request.login()))
        .compose(
            rows ->
                rows.size() == 0
                    ? Future.succeededFuture(true)
                    : hasher.check(
                        request.password(), rows.iterator().next().getString("password_hash")));
  }

  /** The request with its Telegram id proven, where a proof is required or was given. */
  private RegistrationRequest proven(RegistrationRequest request) {
    if (request.telegramAuth() == null && !config.telegram().requireProof()) {
      return request;
    }
    try {
      long id = proof.provenId(request.telegramAuth());
      if (id != request.telegramId()) {
        throw new ApiError(
            ErrorCode.TELEGRAM_PROOF_INVALID,
            "The Telegram login is another user's than telegram_id; log in with Telegram again.");
      }
      meters.telegram("proof", null);
      return request;
    } catch (ApiError e) {
      meters.telegram("proof", e);
      throw e;
    }
  }

  /** The group check, counted by outcome where it is configured. */
  private Future<Void> member(long telegramId) {
    if (!config.telegram().enabled()) {
      return Future.succeededFuture();
    }
    return telegram
        .check(telegramId)
        .onComplete(done -> meters.telegram("membership", done.cause()));
  }

  private Future<Void> createFor(RegistrationRequest request, Deadline deadline) {
    return member(request.telegramId())
        .compose(member -> hasher.hash(request.password()))
        .compose(hash -> create(new Attempt(request, hash, newToken(), deadline)))
        .onSuccess(created -> log.info("account '{}' created", request.login()));
  }

  /** One try at one account: what it asks for, and the token that marks what it makes. */
  private record Attempt(
      RegistrationRequest request, String passwordHash, String token, Deadline deadline) {
    String login() {
      return request.login();
    }
  }

  private Future<Void> create(Attempt attempt) {
    boolean[] gameAsked = {false};
    return Transactions.<Void>before(
            pool,
            attempt.deadline(),
            conn ->
                claim(conn, attempt)
                    .compose(claimed -> attempt.deadline().check(ErrorCode.OVERLOADED))
                    .compose(inTime -> pending.record(attempt.login(), attempt.token()))
                    .compose(
                        recorded -> {
                          gameAsked[0] = true;
                          return askGameServer(attempt);
                        })
                    .compose(made -> PendingAccounts.clearIn(conn, attempt.token()))
                    // The commit follows at once; past the deadline it must not happen at all.
                    .compose(
                        cleared -> attempt.deadline().check(ErrorCode.GAME_SERVER_UNAVAILABLE)))
        .recover(failure -> gameAsked[0] ? undo(attempt, failure) : Future.failedFuture(failure));
  }

  /** Locks, the account limit, the player row, and the login freed of earlier failed attempts. */
  private Future<Void> claim(SqlConnection conn, Attempt attempt) {
    RegistrationRequest request = attempt.request();
    Duration lockWait = Duration.ofMillis(attempt.deadline().cap(config.lockTimeout().toMillis()));
    return Accounts.lock(conn, request, lockWait)
        .compose(
            locked ->
                Accounts.checkLimit(conn, request.telegramId(), config.maxAccountsPerTelegramId()))
        .compose(allowed -> Accounts.insert(conn, request, attempt.passwordHash()))
        .compose(
            inserted ->
                pending.undoEarlierAttempts(attempt.login(), attempt.deadline().remainingMillis()));
  }

  private Future<Void> askGameServer(Attempt attempt) {
    RegistrationRequest request = attempt.request();
    return game.register(
        request.login(),
        request.password(),
        request.gender(),
        attempt.token(),
        attempt.deadline().remainingMillis());
  }

  /**
   * The game server may hold an account this attempt made although nothing was committed. The
   * client is answered at once; the delete follows, and the journal keeps it due until it is done.
   */
  private Future<Void> undo(Attempt attempt, Throwable failure) {
    if (!(failure instanceof LoginExistsException)) {
      log.warn(
          "registration of '{}' failed after asking the game server: {}",
          attempt.login(),
          failure.getMessage());
    }
    pending
        .settle(attempt.login(), attempt.token())
        .onFailure(
            undoFailure ->
                log.warn(
                    "game account '{}' stays until the next sweep: {}",
                    attempt.login(),
                    undoFailure.getMessage()));
    return Future.failedFuture(failure);
  }

  private String newToken() {
    byte[] token = new byte[TOKEN_BYTES];
    random.nextBytes(token);
    return HexFormat.of().formatHex(token);
  }

  private static ApiError asApiError(Throwable failure) {
    if (failure instanceof ApiError apiError) {
      return apiError;
    }
    if (failure instanceof LoginExistsException) {
      return new ApiError(ErrorCode.LOGIN_TAKEN);
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
    return databaseUnavailable();
  }

  /** What a registration is answered when PostgreSQL cannot be reached. */
  static ApiError databaseUnavailable() {
    return new ApiError(
        ErrorCode.UPSTREAM_UNAVAILABLE, 503, "The account database is unavailable right now.");
  }
}
