package dev.gatehouse.agent.game.mock;

import dev.gatehouse.shared.cli.BuildVersion;
import dev.gatehouse.shared.cli.Runtimes;
import dev.gatehouse.shared.cli.ServiceRunner;
import dev.gatehouse.shared.config.Durations;
import dev.gatehouse.shared.log.LogConfig;
import dev.gatehouse.shared.log.Logging;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code gatehouse mock-game-server --port 5190}: the mock game server, until Ctrl-C. */
@Command(
    name = "gatehouse mock-game-server",
    mixinStandardHelpOptions = true,
    versionProvider = BuildVersion.class,
    description = "Runs an in-memory game server that speaks the default account protocol.")
public final class MockGameServerMain implements Callable<Integer> {

  @Option(
      names = "--host",
      defaultValue = "127.0.0.1",
      description = "Address to listen on (default: ${DEFAULT-VALUE}).")
  String host;

  @Option(
      names = "--port",
      defaultValue = "5190",
      description = "Port to listen on (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(
      names = "--delay",
      defaultValue = "0ms",
      description = "Answer every command this late, e.g. 3s (default: ${DEFAULT-VALUE}).")
  String delay;

  @Option(names = "--fail", description = "Refuse every command.")
  boolean fail;

  @Option(
      names = "--drop",
      description = "Carry out each command, then drop the connection without answering.")
  boolean drop;

  public static void main(String[] args) {
    Logging.routeFrameworkLogs();
    System.exit(new CommandLine(new MockGameServerMain()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    Logging.configure(new LogConfig(LogConfig.DEFAULT_FORMAT, LogConfig.DEFAULT_LEVEL));
    Duration answerDelay;
    try {
      answerDelay = delay.equals("0ms") ? Duration.ZERO : Durations.parse(delay);
    } catch (IllegalArgumentException e) {
      System.err.println("gatehouse mock-game-server: --delay: " + e.getMessage());
      return 2;
    }
    Vertx vertx = Runtimes.vertx();
    MockGameServer server = new MockGameServer(vertx, new MockBehaviour(answerDelay, fail, drop));
    int bound;
    try {
      bound = Runtimes.await(server.listen(host, port), Duration.ofSeconds(10));
    } catch (Exception e) {
      System.err.println(
          "gatehouse mock-game-server: cannot listen on "
              + host
              + ":"
              + port
              + ": "
              + e.getMessage());
      vertx.close();
      return 1;
    }
    System.err.println("gatehouse mock-game-server: listening on " + host + ":" + bound);
    ServiceRunner.awaitShutdown(
        "mock-game-server", () -> Runtimes.close(vertx, "mock game server"));
    return 0;
  }
}
