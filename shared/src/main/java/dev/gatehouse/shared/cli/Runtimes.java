package dev.gatehouse.shared.cli;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Makes the Vert.x instance of a process: the native (epoll) transport where the platform has it. */
public final class Runtimes {

  private static final Logger log = LoggerFactory.getLogger(Runtimes.class);

  private Runtimes() {}

  public static Vertx vertx() {
    Vertx vertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(true));
    if (!vertx.isNativeTransportEnabled()) {
      log.info("native transport unavailable, using NIO: {}", vertx.unavailableNativeTransportCause().toString());
    }
    return vertx;
  }
}
