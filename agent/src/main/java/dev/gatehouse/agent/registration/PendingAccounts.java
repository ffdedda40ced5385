package dev.gatehouse.agent.registration;

import dev.gatehouse.agent.game.GameServerClient;
import dev.gatehouse.agent.metrics.RegistrationMeters;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The journal of registration attempts that may have made a game account without a committed player
 * row. An attempt records its login and creation token here, committed, before it asks the game
 * server, and removes its line in the transaction that commits the player. A line that stays behind
 * (the agent crashed, the commit failed, the deadline passed, the undo could not reach the game
 * server) names an account to delete: {@code delete} with the line's token, which removes the
 * account only if that attempt made it, never anyone else's.
 *
 * <p>It uses a pool of its own so that a registration holding a connection of the main pool can
 * always write its journal line.
 */
final class PendingAccounts {

  private static final Logger log = LoggerFactory.getLogger(PendingAccounts.class);

  static final String RECORD =
      "INSERT INTO pending_game_accounts (token, login_key, login) VALUES ($1, lower($2), $2)";
  static final String CLEAR = "DELETE FROM pending_game_accounts WHERE token = $1";
  static final String OLDEST =
      "SELECT login, token FROM pending_game_accounts ORDER BY created_at LIMIT 100";
  static final String COUNT = "SELECT count(*) FROM pending_game_accounts";
  static final String OF_LOGIN =
      "SELECT login, token FROM pending_game_accounts WHERE login_key = lower($1)";
  static final String LINE = "SELECT EXISTS (SELECT 1 FROM pending_game_accounts WHERE token = $1)";
  static final String TRY_LOCK_LOGIN =
      "SELECT pg_try_advisory_xact_lock(" + Accounts.LOGIN_LOCK_SPACE + ", hashtext(lower($1)))";

  /**
   * How long a clean-up waits for the game server's answer to its delete: nobody waits for it, and
   * a game server that is behind answers it once it has worked through what was queued before.
   */
  static final long SETTLE_TIMEOUT_MILLIS = 120_000;

  private final Pool journal;
  private final GameServerClient game;
  private final RegistrationMeters meters;
  private boolean sweeping;

  PendingAccounts(Pool journal, GameServerClient game, RegistrationMeters meters) {
    this.journal = journal;
    this.game = game;
    this.meters = meters;
  }

  /** Records an attempt as possibly on the game server; committed when this completes. */
  Future<Void> record(String login, String token) {
    return journal.preparedQuery(RECORD).execute(Tuple.of(token, login)).mapEmpty();
  }

  /** Removes the attempt's line inside the registration's own transaction. */
  static Future<Void> clearIn(SqlConnection conn, String token) {
    return conn.preparedQuery(CLEAR).execute(Tuple.of(token)).mapEmpty();
  }

  /**
   * Undoes every earlier attempt at {@code login}, for a registration that holds the login's lock:
   * no attempt of it is in flight, so each line left is an account to delete before this one asks
   * the game server for the login. Waits for the game server at most {@code timeoutMillis}.
   */
  Future<Void> undoEarlierAttempts(String login, long timeoutMillis) {
    return journal
        .preparedQuery(OF_LOGIN)
        .execute(Tuple.of(login))
        .compose(rows -> each(rows, (line, token) -> undo(line, token, timeoutMillis)));
  }

  /** Settles every line whose registration has ended; one sweep at a time. */
  Future<Void> sweep() {
    if (sweeping) {
      return Future.succeededFuture();
    }
    sweeping = true;
    return journal
        .query(OLDEST)
        .execute()
        .compose(rows -> each(rows, this::settle))
        .onFailure(
            failure ->
                log.warn(
                    "unfinished registrations stay for the next sweep: {}", failure.getMessage()))
        .eventually(this::countLeft)
        .eventually(
            () -> {
              sweeping = false;
              return Future.succeededFuture();
            });
  }

  /** How many lines a sweep left behind, for the journal gauge; a failed count changes nothing. */
  private Future<Void> countLeft() {
    return journal
        .query(COUNT)
        .execute()
        .<Void>map(
            rows -> {
              meters.journalPending(rows.iterator().next().getLong(0));
              return null;
            })
        .otherwiseEmpty();
  }

  /**
   * Settles one attempt's line once its registration has ended. Holding the login's lock proves no
   * registration of it is in flight; the line still being there then proves this attempt ended
   * without committing (a commit removes it), and an attempt never resumes. So the lock is needed
   * only for that look, not while the game server is asked to delete.
   */
  Future<Void> settle(String login, String token) {
    return journal
        .withTransaction(
            conn ->
                conn.preparedQuery(TRY_LOCK_LOGIN)
                    .execute(Tuple.of(login))
                    .compose(
                        locked ->
                            locked.iterator().next().getBoolean(0)
                                ? conn.preparedQuery(LINE).execute(Tuple.of(token))
                                : Future.succeededFuture(null)))
        .compose(
            line ->
                line != null && line.iterator().next().getBoolean(0)
                    ? undo(login, token, SETTLE_TIMEOUT_MILLIS)
                    : Future.succeededFuture());
  }

  private Future<Void> undo(String login, String token, long timeoutMillis) {
    return game.delete(login, token, timeoutMillis)
        .onSuccess(deleted -> log.info("settled unfinished registration of '{}'", login))
        .compose(deleted -> journal.preparedQuery(CLEAR).execute(Tuple.of(token)))
        .mapEmpty();
  }

  private interface LineAction {
    Future<Void> apply(String login, String token);
  }

  /**
   * The lines of one login one after the other, in order (commands for one login must not overtake
   * each other), different logins side by side; fails if any line failed, once all have run.
   */
  private static Future<Void> each(RowSet<Row> rows, LineAction action) {
    Map<String, Future<Void>> byLogin = new LinkedHashMap<>();
    for (Row row : rows) {
      String login = row.getString(0);
      String token = row.getString(1);
      String key = login.toLowerCase(Locale.ROOT);
      Future<Void> before = byLogin.getOrDefault(key, Future.succeededFuture());
      byLogin.put(key, before.compose(done -> action.apply(login, token)));
    }
    return Future.join(List.copyOf(byLogin.values())).mapEmpty();
  }
}
