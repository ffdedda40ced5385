package dev.gatehouse.edge.admin.cli;

import dev.gatehouse.edge.admin.client.AdminClient;
import dev.gatehouse.edge.admin.client.PathSegment;
import dev.gatehouse.edge.admin.client.TokenStore;
import dev.gatehouse.shared.cli.BuildVersion;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code gatehouse admin ...}: the admin API from a terminal. {@code login} keeps the token pair in
 * a 0600 file under {@code $XDG_CONFIG_HOME/gatehouse/} (or {@code ~/.config/gatehouse/}); every
 * other command uses it, refreshing the access token when it runs out. Answers are printed as JSON.
 */
@Command(
    name = "gatehouse admin",
    mixinStandardHelpOptions = true,
    versionProvider = BuildVersion.class,
    // --help and --version on every subcommand too.
    scope = CommandLine.ScopeType.INHERIT,
    description = "Operates a running edge (and its agents) through its admin API.",
    subcommands = {
      AdminMain.Login.class,
      AdminMain.Logout.class,
      AdminMain.Status.class,
      AdminMain.Logs.class,
      AdminMain.Bans.class,
      AdminMain.Unban.class,
      AdminMain.Reload.class,
      AdminMain.Restart.class
    })
public final class AdminMain implements Runnable {

  public static final String DEFAULT_URL = "http://127.0.0.1:9901/admin";

  @Option(
      names = "--url",
      scope = CommandLine.ScopeType.INHERIT,
      description =
          "The admin API's base URL (default: $GATEHOUSE_ADMIN_URL or " + DEFAULT_URL + ").")
  String url;

  @Spec CommandSpec spec;

  private final Map<String, String> env;
  private final BufferedReader stdin;

  public AdminMain(Map<String, String> env, BufferedReader stdin) {
    this.env = env;
    this.stdin = stdin;
  }

  public static void main(String[] args) {
    BufferedReader stdin =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    System.exit(new CommandLine(new AdminMain(System.getenv(), stdin)).execute(args));
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  URI base() {
    return URI.create(url != null ? url : env.getOrDefault("GATEHOUSE_ADMIN_URL", DEFAULT_URL));
  }

  /** One login per API host and port, so a test edge and the real one do not share tokens. */
  Path tokenFile() {
    URI base = base();
    String name = "admin-" + base.getHost() + "-" + base.getPort() + ".json";
    return TokenStore.configFolder(env).resolve(name.replaceAll("[^A-Za-z0-9._-]", "_"));
  }

  AdminClient client() {
    return new AdminClient(base(), TokenStore.file(tokenFile()));
  }

  /** Prints a call's answer: its JSON body on success, the error line otherwise (exit 1). */
  int print(AdminClient.Answer answer) {
    PrintWriter out = spec.commandLine().getOut();
    if (!answer.ok()) {
      spec.commandLine().getErr().println("gatehouse admin: " + answer.error());
      return 1;
    }
    if (!answer.body().isEmpty()) {
      out.println(answer.body().encodePrettily());
    }
    out.flush();
    return 0;
  }

  /** A subcommand: runs against the API, turning a missing login into a one-line hint. */
  abstract static class Call implements Callable<Integer> {
    @ParentCommand AdminMain main;

    @Override
    public Integer call() throws Exception {
      try {
        return main.print(run(main.client()));
      } catch (AdminClient.NotLoggedIn e) {
        main.spec
            .commandLine()
            .getErr()
            .println("gatehouse admin: " + e.getMessage() + " (gatehouse admin login)");
        return 1;
      } catch (IOException e) {
        main.spec
            .commandLine()
            .getErr()
            .println("gatehouse admin: cannot reach " + main.base() + ": " + e);
        return 1;
      }
    }

    abstract AdminClient.Answer run(AdminClient client) throws Exception;
  }

  @Command(name = "login", description = "Logs in and keeps the tokens (mode 0600).")
  static final class Login extends Call {
    @Option(names = "--user", required = true, description = "The operator's name.")
    String user;

    @Option(
        names = "--password-file",
        description =
            "Read the password from this file (default: asked on the terminal, or stdin).")
    Path passwordFile;

    @Override
    AdminClient.Answer run(AdminClient client) throws Exception {
      AdminClient.Answer answer = client.login(user, password());
      if (answer.ok()) {
        main.spec
            .commandLine()
            .getOut()
            .println("Logged in as " + user + "; tokens in " + main.tokenFile());
        return new AdminClient.Answer(204, new io.vertx.core.json.JsonObject());
      }
      return answer;
    }

    private String password() throws IOException {
      if (passwordFile != null) {
        return Files.readString(passwordFile).strip();
      }
      Console console = System.console();
      if (console != null) {
        return new String(console.readPassword("Password for %s: ", user));
      }
      String line = main.stdin.readLine();
      return line == null ? "" : line.strip();
    }
  }

  @Command(name = "logout", description = "Revokes the kept login and deletes its file.")
  static final class Logout extends Call {
    @Override
    AdminClient.Answer run(AdminClient client) throws Exception {
      return client.logout();
    }
  }

  @Command(name = "status", description = "The edge's status; --agents: each agent's.")
  static final class Status extends Call {
    @Option(names = "--agents", description = "The agents' status, asked through the edge.")
    boolean agents;

    @Override
    AdminClient.Answer run(AdminClient client) throws Exception {
      return client.call("GET", agents ? "agents" : "status");
    }
  }

  @Command(name = "bans", description = "Lists the banned addresses.")
  static final class Bans extends Call {
    @Override
    AdminClient.Answer run(AdminClient client) throws Exception {
      return client.call("GET", "bans");
    }
  }

  @Command(name = "unban", description = "Lifts the ban of one address.")
  static final class Unban extends Call {
    @Parameters(paramLabel = "IP")
    String ip;

    @Override
    AdminClient.Answer run(AdminClient client) throws Exception {
      return client.call("DELETE", "bans/" + PathSegment.of(ip));
    }
  }

  @Command(name = "reload", description = "Reloads edge.yaml; an invalid file changes nothing.")
  static final class Reload extends Call {
    @Override
    AdminClient.Answer run(AdminClient client) throws Exception {
      return client.call("POST", "reload");
    }
  }

  @Command(name = "restart", description = "Restarts one component (see status).")
  static final class Restart extends Call {
    @Parameters(paramLabel = "COMPONENT")
    String component;

    @Option(names = "--agent", paramLabel = "HOST:PORT", description = "An agent's component.")
    String agent;

    @Override
    AdminClient.Answer run(AdminClient client) throws Exception {
      String path = "restart/" + PathSegment.of(component);
      return client.call(
          "POST", agent == null ? path : "agents/" + PathSegment.of(agent) + "/" + path);
    }
  }

  @Command(name = "logs", description = "Recent log lines; -f keeps printing new ones.")
  static final class Logs extends Call {
    @Option(names = "--level", defaultValue = "info", description = "Lowest level shown.")
    String level;

    @Option(names = "--limit", defaultValue = "100", description = "Most lines at once.")
    int limit;

    @Option(names = "--agent", paramLabel = "HOST:PORT", description = "An agent's lines.")
    String agent;

    @Option(
        names = {"-f", "--follow"},
        description = "Keep asking for new lines (Ctrl-C stops).")
    boolean follow;

    @Override
    AdminClient.Answer run(AdminClient client) throws Exception {
      return LogFollower.run(this, client, main.spec.commandLine().getOut());
    }

    /** The first page is the newest lines; each next one what came after the last line shown. */
    String path(Long after) {
      String base = agent == null ? "logs" : "agents/" + PathSegment.of(agent) + "/logs";
      return base
          + "?level="
          + PathSegment.of(level)
          + "&limit="
          + limit
          + (after == null ? "" : "&after=" + after);
    }
  }
}
