package dev.gatehouse.agent.registration;

import dev.gatehouse.shared.error.ApiError;
import dev.gatehouse.shared.error.ErrorCode;
import io.vertx.core.Future;
import java.util.function.Supplier;

/**
 * Bounds the registrations in flight (hashing, the game server): one past the bound is refused at
 * once with {@code 503 overloaded} rather than queued, since a queued one would only reach the game
 * server after its client gave up. Confined to the registration verticle's event loop.
 */
final class InFlightLimit {

  private final int max;
  private int running;

  InFlightLimit(int max) {
    this.max = max;
  }

  <T> Future<T> run(Supplier<Future<T>> work) {
    if (running >= max) {
      return Future.failedFuture(new ApiError(ErrorCode.OVERLOADED));
    }
    running++;
    return Future.succeededFuture().compose(go -> work.get()).andThen(done -> running--);
  }
}
