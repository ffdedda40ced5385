package dev.gatehouse.agent;

import dev.gatehouse.shared.cli.BuildVersion;
import dev.gatehouse.shared.cli.ConfigCheck;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code gatehouse check --config agent.yaml}: the agent's config and the files it names (the
 * edge's public key), without starting the agent or its database.
 */
@Command(
    name = "gatehouse check",
    mixinStandardHelpOptions = true,
    versionProvider = BuildVersion.class,
    description = "Checks an agent config; starts nothing. Exit 0 or 2.")
public final class AgentCheckMain implements Callable<Integer> {

  @Option(names = "--config", required = true, description = "Path of agent.yaml.")
  Path config;

  public static void main(String[] args) {
    System.exit(new CommandLine(new AgentCheckMain()).execute(args));
  }

  @Override
  public Integer call() {
    return ConfigCheck.run("agent", config, AgentConfig::load, agent -> "", System.out);
  }
}
