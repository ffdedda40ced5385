package dev.gatehouse.agent.registration;

import dev.gatehouse.shared.error.ApiError;
import dev.gatehouse.shared.error.ErrorCode;
import io.vertx.core.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Bounds the registrations in flight (hashing, the game server): one past the bound is refused at
 * once with {@code 503 overloaded} rather than queued, since a queued one would only reach the game
 * server after its client gave up.
 */
final class InFlightLimit {

  private final int max;
  private final AtomicInteger running = new AtomicInteger();

  InFlightLimit(int max) {
    this.max = max;
  }

  <T> Future<T> run(Supplier<Future<T>> work) {
    if (running.incrementAndGet() > max) {
      running.decrementAndGet();
      return Future.failedFuture(new ApiError(ErrorCode.OVERLOADED));
    }
    return Future.succeededFuture()
        .compose(go -> work.get())
        .andThen(done -> running.decrementAndGet());
  }
}
