package dev.gatehouse.agent.db.cli;

import dev.gatehouse.shared.cli.BuildVersion;
import dev.gatehouse.shared.log.Logging;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code gatehouse db psql|backup|restore --config agent.yaml}: the agent's database, embedded or
 * external, by hand. Exit codes: 0 done, 1 failed, 2 wrong usage or config.
 */
@Command(
    name = "gatehouse db",
    mixinStandardHelpOptions = true,
    versionProvider = BuildVersion.class,
    description = "The agent's PostgreSQL: a psql session, a backup, a restore.",
    subcommands = {PsqlCommand.class, BackupCommand.class, RestoreCommand.class})
public final class DbMain implements Runnable {

  @Spec CommandSpec spec;

  public static void main(String[] args) {
    Logging.routeFrameworkLogs();
    System.exit(commandLine().execute(args));
  }

  static CommandLine commandLine() {
    return new CommandLine(new DbMain());
  }

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "give a command: psql, backup or restore");
  }
}
