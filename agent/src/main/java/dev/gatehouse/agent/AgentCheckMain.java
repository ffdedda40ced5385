package dev.gatehouse.agent;

import dev.gatehouse.shared.cli.BuildVersion;
import dev.gatehouse.shared.cli.ConfigCheck;
import dev.gatehouse.shared.config.ConfigException;
import java.nio.file.Files;
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
    return ConfigCheck.run("agent", config, AgentConfig::load, this::dataDirWritable, System.out);
  }

  /**
   * The embedded database's folder must be one this user can write, and its parent too, where the
   * agent keeps the database's password file and makes the folder if it is missing: a folder the
   * service's user cannot reach would fail only when the agent starts its database.
   */
  private String dataDirWritable(AgentConfig agent) {
    if (agent.database().external().isPresent()) {
      return "";
    }
    Path dir = agent.database().embeddedDataDir().toAbsolutePath();
    if (Files.exists(dir)) {
      requireWritableFolder(dir, dir);
    }
    Path existing = dir.getParent();
    while (existing != null && !Files.exists(existing)) {
      existing = existing.getParent();
    }
    requireWritableFolder(dir, existing);
    return "";
  }

  private void requireWritableFolder(Path dataDir, Path folder) {
    if (folder == null || !Files.isDirectory(folder) || !Files.isWritable(folder)) {
      throw new ConfigException(
          config.toString(),
          "database.embedded.data_dir",
          dataDir
              + (folder == dataDir ? " is" : " needs " + folder + ", which is")
              + " not a folder this user ("
              + System.getProperty("user.name")
              + ") can write");
    }
  }
}
