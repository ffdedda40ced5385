package dev.gatehouse.edge;

import dev.gatehouse.edge.config.EdgeConfig;
import dev.gatehouse.shared.cli.BuildVersion;
import dev.gatehouse.shared.cli.ServiceRunner;
import dev.gatehouse.shared.log.Logging;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code gatehouse edge --config edge.yaml}: runs the public edge until it is told to stop. */
@Command(
    name = "gatehouse edge",
    mixinStandardHelpOptions = true,
    versionProvider = BuildVersion.class,
    description = "Runs the public edge.")
public final class EdgeMain implements Callable<Integer> {

  @Option(names = "--config", required = true, description = "Path of edge.yaml.")
  Path config;

  public static void main(String[] args) {
    Logging.routeFrameworkLogs();
    System.exit(new CommandLine(new EdgeMain()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    return ServiceRunner.run(
        "edge",
        config,
        EdgeConfig::load,
        EdgeConfig::log,
        loaded -> Edge.start(loaded, Optional.of(() -> EdgeConfig.load(config))));
  }
}
