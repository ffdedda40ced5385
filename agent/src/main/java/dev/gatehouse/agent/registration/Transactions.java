package dev.gatehouse.agent.registration;

import dev.gatehouse.shared.error.ApiError;
import dev.gatehouse.shared.error.ErrorCode;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A transaction whose wait for a pooled connection is bounded by a registration's deadline: the
 * pool's own queue has no such bound, and a registration that got its connection only after its
 * client was answered would go on to the game server.
 */
final class Transactions {

  private Transactions() {}

  /** Runs {@code work} in a transaction, committed if it succeeds, rolled back otherwise. */
  static <T> Future<T> before(
      Pool pool, Deadline deadline, Function<SqlConnection, Future<T>> work) {
    Future<SqlConnection> connecting = pool.getConnection();
    return connecting
        .timeout(Math.max(0, deadline.remainingMillis()), TimeUnit.MILLISECONDS)
        .recover(
            failure -> {
              if (connecting.failed()) {
                return Future.failedFuture(Registrar.databaseUnavailable()); // PostgreSQL is down
              }
              // Still waiting for a connection at the deadline: the pool is busy.
              connecting.onSuccess(SqlConnection::close);
              return Future.failedFuture(new ApiError(ErrorCode.OVERLOADED));
            })
        .compose(conn -> inTransaction(conn, work).eventually(conn::close));
  }

  private static <T> Future<T> inTransaction(
      SqlConnection conn, Function<SqlConnection, Future<T>> work) {
    return conn.begin()
        .compose(
            tx ->
                work.apply(conn)
                    .compose(
                        result -> tx.commit().map(result),
                        failure -> tx.rollback().transform(done -> Future.failedFuture(failure))));
  }
}
