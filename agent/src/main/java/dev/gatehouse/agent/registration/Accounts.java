package dev.gatehouse.agent.registration;

import dev.gatehouse.shared.error.ApiError;
import dev.gatehouse.shared.error.ErrorCode;
import io.vertx.core.Future;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;

/** The SQL of one registration transaction, statement by statement. */
final class Accounts {

  /**
   * Login locks live in PostgreSQL's two-key advisory lock space, apart from the one-key space of
   * Telegram-id locks, so the two never collide.
   */
  static final int LOGIN_LOCK_SPACE = 0x6761;

  static final String LOCK_TELEGRAM_ID = "SELECT pg_advisory_xact_lock($1)";
  static final String LOCK_LOGIN =
      "SELECT pg_advisory_xact_lock(" + LOGIN_LOCK_SPACE + ", hashtext(lower($1)))";
  static final String COUNT = "SELECT count(*) FROM telegram_players WHERE telegram_id = $1";
  static final String INSERT =
      "WITH player AS ("
          + " INSERT INTO players (login, password_hash, gender) VALUES ($1, $2, $3) RETURNING id)"
          + " INSERT INTO telegram_players (player_id, telegram_id) SELECT id, $4 FROM player";
  private static final String UNIQUE_VIOLATION = "23505";

  private Accounts() {}

  /**
   * Waits, at most {@code timeout}, until no other registration of this Telegram user or this login
   * is in flight; held until the transaction ends.
   */
  static Future<Void> lock(SqlConnection conn, RegistrationRequest request, Duration timeout) {
    return conn.query("SET LOCAL lock_timeout = '" + timeout.toMillis() + "ms'")
        .execute()
        .compose(
            set -> conn.preparedQuery(LOCK_TELEGRAM_ID).execute(Tuple.of(request.telegramId())))
        .compose(locked -> conn.preparedQuery(LOCK_LOGIN).execute(Tuple.of(request.login())))
        .<Void>mapEmpty();
  }

  static Future<Void> checkLimit(SqlConnection conn, long telegramId, int max) {
    return conn.preparedQuery(COUNT)
        .execute(Tuple.of(telegramId))
        .compose(
            rows ->
                rows.iterator().next().getLong(0) >= max
                    ? Future.failedFuture(new ApiError(ErrorCode.LIMIT_EXCEEDED))
                    : Future.succeededFuture());
  }

  static Future<Void> insert(SqlConnection conn, RegistrationRequest request, String passwordHash) {
    return conn.preparedQuery(INSERT)
        .execute(Tuple.of(request.login(), passwordHash, request.gender(), request.telegramId()))
        .recover(
            failure ->
                failure instanceof PgException pg && UNIQUE_VIOLATION.equals(pg.getSqlState())
                    ? Future.failedFuture(new ApiError(ErrorCode.LOGIN_TAKEN))
                    : Future.failedFuture(failure))
        .mapEmpty();
  }
}
