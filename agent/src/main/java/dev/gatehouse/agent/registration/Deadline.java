package dev.gatehouse.agent.registration;

import dev.gatehouse.shared.error.ApiError;
import dev.gatehouse.shared.error.ErrorCode;
import io.vertx.core.Future;
import java.time.Duration;

/**
 * When a registration must be over: the edge's deadline (or the route's timeout) less a margin for
 * the rollback and the answer's way back. Past it nothing new is started and nothing is committed,
 * so a client told "timeout" never finds the account made afterwards.
 */
record Deadline(long cutoffEpochMillis) {

  /** Room left for the rollback and the answer to reach the edge before it gives up. */
  static final Duration MARGIN = Duration.ofSeconds(1);

  static Deadline before(long deadlineEpochMillis) {
    return new Deadline(deadlineEpochMillis - MARGIN.toMillis());
  }

  long remainingMillis() {
    return cutoffEpochMillis - System.currentTimeMillis();
  }

  /** {@code millis}, or less if the deadline comes first. */
  long cap(long millis) {
    return Math.max(1, Math.min(millis, remainingMillis()));
  }

  /** Succeeds while there is time left; otherwise fails with {@code late}. */
  Future<Void> check(ErrorCode late) {
    return remainingMillis() > 0
        ? Future.succeededFuture()
        : Future.failedFuture(new ApiError(late));
  }
}
