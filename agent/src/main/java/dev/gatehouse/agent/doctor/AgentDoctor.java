package dev.gatehouse.agent.doctor;

import dev.gatehouse.agent.AgentConfig;
import dev.gatehouse.agent.db.DatabaseConfig;
import dev.gatehouse.agent.game.GameServerConfig;
import dev.gatehouse.shared.cli.BuildVersion;
import dev.gatehouse.shared.config.ConfigException;
import dev.gatehouse.shared.doctor.Findings;
import dev.gatehouse.shared.doctor.WireGuardCheck;
import io.vertx.pgclient.PgConnectOptions;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code gatehouse doctor --agent agent.yaml}: on the home server, one line per check: the config,
 * the tunnel, the database and the game server.
 */
@Command(
    name = "gatehouse doctor --agent",
    mixinStandardHelpOptions = true,
    versionProvider = BuildVersion.class,
    description = "Checks an agent's setup.")
public final class AgentDoctor implements Callable<Integer> {

  static final int TIMEOUT_MILLIS = 3000;

  @Option(names = "--config", required = true, description = "Path of agent.yaml.")
  Path config;

  @Option(
      names = "--interface",
      defaultValue = "wg0",
      description = "WireGuard interface (default: ${DEFAULT-VALUE}); 'none' skips the check.")
  String iface;

  @Spec CommandSpec spec;

  public static void main(String[] args) {
    System.exit(new CommandLine(new AgentDoctor()).execute(args));
  }

  @Override
  public Integer call() {
    Findings findings = new Findings(new PrintWriter(spec.commandLine().getOut(), true));
    AgentConfig agent;
    try {
      agent = AgentConfig.load(config);
      findings.ok("config", config + " parses; listens on " + agent.host() + ":" + agent.port());
    } catch (ConfigException e) {
      findings.fail("config", e.getMessage());
      return findings.exitCode();
    }
    if (!iface.equals("none")) {
      WireGuardCheck.run(iface, Instant.now(), findings);
    }
    database(agent.database(), findings);
    if (agent.registers()) {
      gameServer(agent.gameServer(), findings);
    }
    return findings.exitCode();
  }

  private static void database(DatabaseConfig config, Findings findings) {
    if (config.external().isEmpty()) {
      Path dir = config.embeddedDataDir().toAbsolutePath();
      if (Files.isDirectory(dir) && !Files.isWritable(dir)) {
        findings.fail("database", "embedded PostgreSQL data folder " + dir + " is not writable");
      } else {
        findings.ok(
            "database",
            "embedded PostgreSQL, data in "
                + dir
                + (Files.isDirectory(dir) ? "" : " (made at first start)"));
      }
      return;
    }
    PgConnectOptions pg = config.external().get();
    String url = "jdbc:postgresql://" + pg.getHost() + ":" + pg.getPort() + "/" + pg.getDatabase();
    DriverManager.setLoginTimeout(TIMEOUT_MILLIS / 1000);
    try (Connection connection = DriverManager.getConnection(url, pg.getUser(), pg.getPassword())) {
      connection.createStatement().execute("SELECT 1");
      findings.ok("database", url + " answers");
    } catch (SQLException e) {
      findings.fail("database", url + ": " + e.getMessage());
    }
  }

  private static void gameServer(GameServerConfig config, Findings findings) {
    String where = config.host() + ":" + config.port();
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(config.host(), config.port()), TIMEOUT_MILLIS);
      socket.setSoTimeout(TIMEOUT_MILLIS);
      OutputStream out = socket.getOutputStream();
      out.write("{\"id\":1,\"cmd\":\"ping\"}\n".getBytes(StandardCharsets.UTF_8));
      out.flush();
      String answer =
          new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8))
              .readLine();
      if (answer != null && answer.replace(" ", "").contains("\"ok\":true")) {
        findings.ok("game server", where + " answers ping");
      } else {
        findings.fail(
            "game server",
            where
                + " answered ping with "
                + answer
                + "; does it speak the protocol in agent/docs/game-server-protocol.md?");
      }
    } catch (IOException e) {
      findings.fail(
          "game server",
          where + " unreachable: " + e.getMessage() + "; registrations will fail with 503");
    }
  }
}
