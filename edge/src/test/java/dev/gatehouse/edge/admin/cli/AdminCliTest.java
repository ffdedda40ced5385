package dev.gatehouse.edge.admin.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.edge.Edge;
import dev.gatehouse.edge.testing.AdminApi;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code gatehouse admin ...} against a real edge, its login kept under XDG_CONFIG_HOME. */
class AdminCliTest {

  @TempDir Path dir;
  private Edge edge;
  private String url;

  private record Run(int exit, String out, String err) {}

  @BeforeEach
  void start() throws Exception {
    edge = AdminApi.startEdge(dir.resolve("state"), "", AdminApi.idleUpstream());
    url = "http://127.0.0.1:" + edge.adminPort() + "/admin";
  }

  @AfterEach
  void stop() {
    edge.close();
  }

  private Run run(String stdin, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    Map<String, String> env = Map.of("XDG_CONFIG_HOME", dir.resolve("config").toString());
    CommandLine cli =
        new CommandLine(new AdminMain(env, new BufferedReader(new StringReader(stdin))));
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    String[] withUrl = new String[args.length + 2];
    System.arraycopy(args, 0, withUrl, 0, args.length);
    withUrl[args.length] = "--url";
    withUrl[args.length + 1] = url;
    int exit = cli.execute(withUrl);
    return new Run(exit, out.toString(), err.toString());
  }

  private Path tokenFile() {
    return dir.resolve("config/gatehouse/admin-127.0.0.1-" + edge.adminPort() + ".json");
  }

  @Test
  void loginKeepsTheTokensInAnOwnerOnlyFileAndCommandsUseThem() throws Exception {
    Run login = run(AdminApi.PASSWORD + "\n", "login", "--user", AdminApi.OPERATOR);

    assertThat(login.exit()).as(login.err()).isZero();
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tokenFile())))
        .isEqualTo("rw-------");
    assertThat(Files.readString(tokenFile())).doesNotContain(AdminApi.PASSWORD);

    Run status = run("", "status");
    assertThat(status.exit()).as(status.err()).isZero();
    assertThat(new JsonObject(status.out()).getJsonObject("edge").getString("version"))
        .isNotBlank();

    Run bans = run("", "bans");
    assertThat(new JsonObject(bans.out()).getJsonArray("bans")).isEmpty();

    Run logs = run("", "logs", "--limit", "5");
    assertThat(logs.exit()).isZero();
    assertThat(logs.out()).contains("admin login of " + AdminApi.OPERATOR);

    Run reload = run("", "reload");
    assertThat(reload.exit()).isEqualTo(1);
    assertThat(reload.err()).contains("reload_refused");
  }

  @Test
  void refusalsExitOneWithTheApisErrorLine() {
    run(AdminApi.PASSWORD + "\n", "login", "--user", AdminApi.OPERATOR);

    Run unban = run("", "unban", "203.0.113.9");
    Run restart = run("", "restart", "rm -rf");

    assertThat(unban.exit()).isEqualTo(1);
    assertThat(unban.err()).contains("not_found");
    assertThat(restart.exit()).isEqualTo(1);
    assertThat(restart.err()).contains("unknown_component");
  }

  @Test
  void aWrongPasswordKeepsNoFile() {
    Run login = run("not it\n", "login", "--user", AdminApi.OPERATOR);

    assertThat(login.exit()).isEqualTo(1);
    assertThat(login.err()).contains("invalid_credentials");
    assertThat(tokenFile()).doesNotExist();
    assertThat(run("", "status").err()).contains("gatehouse admin login");
  }

  @Test
  void logoutRevokesAndForgetsTheLogin() {
    run(AdminApi.PASSWORD + "\n", "login", "--user", AdminApi.VIEWER);

    assertThat(run("", "logout").exit()).isZero();

    assertThat(tokenFile()).doesNotExist();
    assertThat(run("", "bans").exit()).isEqualTo(1);
  }

  @Test
  void anExpiredAccessTokenIsRefreshedOnItsOwn() throws Exception {
    run(AdminApi.PASSWORD + "\n", "login", "--user", AdminApi.OPERATOR);
    JsonObject kept = new JsonObject(Files.readString(tokenFile()));
    Files.writeString(tokenFile(), kept.put("expires_at", "2000-01-01T00:00:00Z").encode());

    Run status = run("", "status");

    assertThat(status.exit()).as(status.err()).isZero();
    JsonObject now = new JsonObject(Files.readString(tokenFile()));
    assertThat(now.getString("refresh_token")).isNotEqualTo(kept.getString("refresh_token"));
  }

  @Test
  void commandsRunAtOnceOnAnExpiredLoginRefreshItOnceAndKeepIt() throws Exception {
    run(AdminApi.PASSWORD + "\n", "login", "--user", AdminApi.OPERATOR);
    for (int round = 0; round < 3; round++) {
      JsonObject kept = new JsonObject(Files.readString(tokenFile()));
      Files.writeString(tokenFile(), kept.put("expires_at", "2000-01-01T00:00:00Z").encode());
      ExecutorService both = Executors.newFixedThreadPool(2);
      try {
        List<Future<Run>> runs =
            both.invokeAll(List.of(() -> run("", "status"), () -> run("", "bans")));

        for (Future<Run> ran : runs) {
          assertThat(ran.get().exit()).as(ran.get().err()).isZero();
        }
      } finally {
        both.shutdownNow();
      }
    }
    Run after = run("", "status");
    assertThat(after.exit()).as(after.err()).isZero();
  }
}
