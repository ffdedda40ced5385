package dev.gatehouse.shared.cli;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxBuilder;
import io.vertx.core.VertxOptions;
import io.vertx.core.metrics.MetricsOptions;
import io.vertx.core.spi.VertxMetricsFactory;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the Vert.x instance of a process: the native (epoll) transport where the platform has it.
 */
public final class Runtimes {

  private static final Logger log = LoggerFactory.getLogger(Runtimes.class);
  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);

  private Runtimes() {}

  /**
   * Waits for {@code future} on a plain thread (start-up, shutdown); never call on an event loop.
   */
  public static <T> T await(Future<T> future, Duration timeout) throws Exception {
    try {
      return future
          .toCompletionStage()
          .toCompletableFuture()
          .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof Exception cause ? cause : e;
    }
  }

  /**
   * Closes {@code vertx} and waits for it, logging instead of failing: shutdown goes on regardless.
   */
  public static void close(Vertx vertx, String what) {
    try {
      await(vertx.close(), CLOSE_TIMEOUT);
    } catch (Exception e) {
      log.warn("{} did not stop cleanly: {}", what, e.toString());
    }
  }

  public static Vertx vertx() {
    return started(Vertx.builder().with(options()));
  }

  /** A Vert.x that reports what {@code metrics} selects through {@code factory}. */
  public static Vertx vertx(MetricsOptions metrics, VertxMetricsFactory factory) {
    return started(Vertx.builder().with(options().setMetricsOptions(metrics)).withMetrics(factory));
  }

  private static VertxOptions options() {
    return new VertxOptions().setPreferNativeTransport(true);
  }

  private static Vertx started(VertxBuilder builder) {
    Vertx vertx = builder.build();
    if (!vertx.isNativeTransportEnabled()) {
      log.info(
          "native transport unavailable, using NIO: {}",
          vertx.unavailableNativeTransportCause().toString());
    }
    return vertx;
  }
}
