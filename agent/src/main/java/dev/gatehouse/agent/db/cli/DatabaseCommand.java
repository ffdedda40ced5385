package dev.gatehouse.agent.db.cli;

import dev.gatehouse.agent.AgentConfig;
import dev.gatehouse.agent.db.Database;
import dev.gatehouse.shared.config.ConfigException;
import dev.gatehouse.shared.log.LogConfig;
import dev.gatehouse.shared.log.Logging;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * What every {@code gatehouse db} command shares: the agent's config, and its database opened for
 * the duration (the running agent's embedded server, or one started for the command).
 */
abstract class DatabaseCommand implements Callable<Integer> {

  static final int OK = 0;
  static final int FAILED = 1;
  static final int USAGE = 2;

  @Option(names = "--config", required = true, description = "Path of agent.yaml.")
  Path config;

  @Spec CommandSpec spec;

  /** Checks what can be checked before the database is opened (an embedded one is started). */
  void check() throws IOException {}

  /** The command's work on an open database; its exit code. */
  abstract int run(Database database) throws Exception;

  @Override
  public final Integer call() {
    AgentConfig agent;
    try {
      agent = AgentConfig.load(config);
    } catch (ConfigException e) {
      err().println(name() + ": config error: " + e.getMessage());
      return USAGE;
    }
    // The embedded server's start-up chatter is not for a command line.
    Logging.configure(new LogConfig(agent.log().format(), "warn"));
    try {
      check();
      try (Database database = Database.openShared(agent.database())) {
        return run(database);
      }
    } catch (Exception e) {
      err().println(name() + ": " + message(e));
      return FAILED;
    }
  }

  String name() {
    return spec.qualifiedName();
  }

  PrintWriter out() {
    return spec.commandLine().getOut();
  }

  PrintWriter err() {
    return spec.commandLine().getErr();
  }

  private static String message(Throwable e) {
    if (e instanceof NoSuchFileException missing) {
      return missing.getFile() + ": no such file";
    }
    Throwable cause = e;
    while (cause.getCause() != null && cause.getMessage() == null) {
      cause = cause.getCause();
    }
    return cause.getMessage() == null ? cause.toString() : cause.getMessage();
  }
}
