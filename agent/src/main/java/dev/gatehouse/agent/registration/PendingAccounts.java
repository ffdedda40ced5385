package dev.gatehouse.agent.registration;

import dev.gatehouse.agent.game.GameServerClient;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The journal of game accounts that may exist without a committed player row. A registration
 * records its login here, committed, before it asks the game server, and removes it in the
 * transaction that commits the player. Whatever stays behind (the agent crashed, the commit failed,
 * the compensating delete could not reach the game server) is settled by {@link #sweep()}: a login
 * with no committed player is deleted on the game server.
 *
 * <p>It uses a pool of its own so that a registration holding a connection of the main pool can
 * always write its journal line.
 */
final class PendingAccounts {

  private static final Logger log = LoggerFactory.getLogger(PendingAccounts.class);

  static final String RECORD =
      "INSERT INTO pending_game_accounts (login_key, login) VALUES (lower($1), $1)"
          + " ON CONFLICT (login_key) DO UPDATE SET login = $1, created_at = now()";
  static final String CLEAR = "DELETE FROM pending_game_accounts WHERE login_key = lower($1)";
  static final String OLDEST =
      "SELECT login FROM pending_game_accounts ORDER BY created_at LIMIT 100";
  static final String TRY_LOCK_LOGIN =
      "SELECT pg_try_advisory_xact_lock(" + Accounts.LOGIN_LOCK_SPACE + ", hashtext(lower($1)))";
  static final String STATE =
      "SELECT EXISTS (SELECT 1 FROM pending_game_accounts WHERE login_key = lower($1)),"
          + " EXISTS (SELECT 1 FROM players WHERE lower(login) = lower($1))";

  private final Pool journal;
  private final GameServerClient game;
  private boolean sweeping;

  PendingAccounts(Pool journal, GameServerClient game) {
    this.journal = journal;
    this.game = game;
  }

  /** Records {@code login} as possibly on the game server; committed when this completes. */
  Future<Void> record(String login) {
    return journal.preparedQuery(RECORD).execute(Tuple.of(login)).mapEmpty();
  }

  /** Removes the journal line inside the registration's own transaction. */
  static Future<Void> clearIn(SqlConnection conn, String login) {
    return conn.preparedQuery(CLEAR).execute(Tuple.of(login)).mapEmpty();
  }

  /** Settles every journal line whose registration has ended; one sweep at a time. */
  Future<Void> sweep() {
    if (sweeping) {
      return Future.succeededFuture();
    }
    sweeping = true;
    return journal
        .query(OLDEST)
        .execute()
        .compose(
            rows -> {
              List<String> logins = new ArrayList<>();
              for (Row row : rows) {
                logins.add(row.getString(0));
              }
              Future<Void> chain = Future.succeededFuture();
              for (String login : logins) {
                chain = chain.compose(done -> settle(login));
              }
              return chain;
            })
        .onFailure(
            failure ->
                log.warn(
                    "unfinished registrations stay for the next sweep: {}", failure.getMessage()))
        .eventually(
            () -> {
              sweeping = false;
              return Future.succeededFuture();
            });
  }

  /**
   * Settles the journal line of {@code login}, if no registration of it is in flight. Holding the
   * login's lock proves none is, so what the tables say is final: a committed player means the game
   * account is rightful; no player means it must go. A login whose lock is taken is left to the
   * registration that holds it.
   */
  Future<Void> settle(String login) {
    return journal.withTransaction(
        conn ->
            conn.preparedQuery(TRY_LOCK_LOGIN)
                .execute(Tuple.of(login))
                .compose(
                    locked ->
                        locked.iterator().next().getBoolean(0)
                            ? conn.preparedQuery(STATE).execute(Tuple.of(login))
                            : Future.succeededFuture(null))
                .compose(
                    state -> {
                      if (state == null || !state.iterator().next().getBoolean(0)) {
                        return Future.succeededFuture();
                      }
                      Future<?> gameSide =
                          state.iterator().next().getBoolean(1)
                              ? Future.succeededFuture()
                              : game.delete(login)
                                  .onSuccess(
                                      deleted ->
                                          log.info(
                                              "deleted game account '{}' left by an unfinished registration",
                                              login));
                      return gameSide.compose(done -> clearIn(conn, login));
                    }));
  }
}
