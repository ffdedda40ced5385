package dev.gatehouse.agent.db.cli;

import dev.gatehouse.agent.db.Database;
import dev.gatehouse.shared.cli.BuildVersion;
import io.vertx.pgclient.PgConnectOptions;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/** {@code gatehouse db psql --config agent.yaml [psql arguments]}. */
@Command(
    name = "psql",
    mixinStandardHelpOptions = true,
    versionProvider = BuildVersion.class,
    description = {
      "Runs the system's psql (Debian: apt-get install postgresql-client) connected to the"
          + " agent's database; the password goes through the environment, never the command"
          + " line. Other arguments are psql's, e.g. -c 'SHOW fsync'."
    })
final class PsqlCommand extends DatabaseCommand {

  static final String PSQL = "psql";

  @Unmatched List<String> psqlArguments = new ArrayList<>();

  @Override
  int run(Database database) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(PSQL);
    command.addAll(psqlArguments);
    ProcessBuilder builder = new ProcessBuilder(command).inheritIO();
    environment(builder.environment(), database.connectOptions());
    Process psql;
    try {
      psql = builder.start();
    } catch (IOException e) {
      throw new IOException("psql is not installed (Debian: apt-get install postgresql-client)");
    }
    // Ctrl-C is psql's (it cancels the query that runs); this process just waits for psql to end.
    Signal.handle(new Signal("INT"), SignalHandler.SIG_IGN);
    return psql.waitFor() == 0 ? OK : FAILED;
  }

  static void environment(Map<String, String> env, PgConnectOptions options) {
    env.keySet().removeIf(name -> name.startsWith("PG"));
    env.put("PGHOST", options.getHost());
    env.put("PGPORT", Integer.toString(options.getPort()));
    env.put("PGDATABASE", options.getDatabase());
    env.put("PGUSER", options.getUser());
    if (options.getPassword() != null) {
      env.put("PGPASSWORD", options.getPassword());
    }
    env.put("PGSSLMODE", options.getSslMode().name().toLowerCase(Locale.ROOT).replace('_', '-'));
  }
}
