package dev.gatehouse.shared.cli;

import dev.gatehouse.shared.config.ConfigException;
import dev.gatehouse.shared.log.LogConfig;
import dev.gatehouse.shared.log.Logging;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;

/**
 * Runs a long-lived process (edge or agent): load and check the config, configure logging, start,
 * then wait until SIGTERM/SIGINT and stop cleanly. Config errors exit 2 with one line naming the
 * file and key; start-up failures exit 1 with the root cause.
 */
public final class ServiceRunner {

  /** Starts a service from its config; blocking is fine here, no event loop runs yet. */
  @FunctionalInterface
  public interface Starter<C> {
    AutoCloseable start(C config) throws Exception;
  }

  private ServiceRunner() {}

  public static <C> int run(
      String name,
      Path configFile,
      Function<Path, C> load,
      Function<C, LogConfig> logConfig,
      Starter<C> starter)
      throws InterruptedException {
    C config;
    try {
      config = load.apply(configFile);
    } catch (ConfigException e) {
      System.err.println("gatehouse " + name + ": config error: " + e.getMessage());
      return 2;
    }
    Logging.configure(logConfig.apply(config));
    AutoCloseable service;
    try {
      service = starter.start(config);
    } catch (Exception e) {
      System.err.println("gatehouse " + name + ": cannot start: " + rootMessage(e));
      return 1;
    }
    awaitShutdown(name, service);
    return 0;
  }

  /** Blocks until SIGTERM/SIGINT, then closes {@code service} before the process exits. */
  public static void awaitShutdown(String name, AutoCloseable service) throws InterruptedException {
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    service.close();
                  } catch (Exception e) {
                    System.err.println("gatehouse " + name + ": " + rootMessage(e));
                  }
                  Logging.stop();
                  stopped.countDown();
                },
                name + "-shutdown"));
    stopped.await();
  }

  static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    return root.getMessage() == null ? root.toString() : root.getMessage();
  }
}
