package dev.gatehouse.shared.cli;

import io.vertx.core.Future;
import java.net.BindException;
import java.util.function.Function;

/**
 * Names the address and port in a failed listen: the transport says only {@code bind(..) failed:
 * Address already in use}, which does not tell the operator which of the process's ports clashed.
 */
public final class BindFailure {

  private BindFailure() {}

  /** For {@code server.listen().recover(BindFailure.naming("the HTTPS listener", host, port))}. */
  public static <T> Function<Throwable, Future<T>> naming(String what, String host, int port) {
    return failure ->
        Future.failedFuture(
            new BindException(
                what + " cannot listen on " + host + ":" + port + ": " + message(failure)));
  }

  private static String message(Throwable failure) {
    Throwable root = failure;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    return root.getMessage() == null ? root.toString() : root.getMessage();
  }
}
