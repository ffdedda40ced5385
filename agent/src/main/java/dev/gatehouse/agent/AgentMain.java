package dev.gatehouse.agent;

import dev.gatehouse.shared.cli.BuildVersion;
import dev.gatehouse.shared.cli.ServiceRunner;
import dev.gatehouse.shared.log.Logging;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code gatehouse agent --config agent.yaml}: runs the agent until it is told to stop. */
@Command(
    name = "gatehouse agent",
    mixinStandardHelpOptions = true,
    versionProvider = BuildVersion.class,
    description = "Runs the home-side agent.")
public final class AgentMain implements Callable<Integer> {

  @Option(names = "--config", required = true, description = "Path of agent.yaml.")
  Path config;

  public static void main(String[] args) {
    Logging.routeFrameworkLogs();
    System.exit(new CommandLine(new AgentMain()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    return ServiceRunner.run("agent", config, AgentConfig::load, AgentConfig::log, Agent::start);
  }
}
