package dev.gatehouse.edge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.edge.config.AdminAuthConfig;
import dev.gatehouse.edge.config.Operator;
import dev.gatehouse.edge.config.Role;
import dev.gatehouse.shared.password.Argon2id;
import dev.gatehouse.shared.testing.TestYaml;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class AdminKeygenTest {

  @Test
  void printsAPasswordAndTheOperatorLineHoldingOnlyItsHash() {
    List<String> lines = run("admin", "alice", "--role", "operator");

    String password = lines.get(1).strip();
    assertThat(password).matches("[A-Za-z0-9_-]{24}");
    Operator alice = parse(lines.get(3).strip());
    assertThat(alice.name()).isEqualTo("alice");
    assertThat(alice.role()).isEqualTo(Role.OPERATOR);
    assertThat(lines.get(3)).doesNotContain(password);
    assertThat(Argon2id.matches(password, alice.passwordHash())).isTrue();
  }

  @Test
  void theRoleIsViewerUnlessToldOtherwise() {
    List<String> lines = run("admin", "watcher");

    assertThat(parse(lines.get(3).strip()).role()).isEqualTo(Role.VIEWER);
  }

  @Test
  void writesThePasswordToAnOwnerOnlyFileWhenAsked(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("admin-password");

    List<String> lines = run("admin", "admin", "--password-file", file.toString());

    String password = Files.readString(file).strip();
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    assertThat(String.join("\n", lines)).doesNotContain(password);
    assertThat(Argon2id.matches(password, parse(lines.get(2).strip()).passwordHash())).isTrue();
  }

  @Test
  void aBadNameOrRoleIsAUsageError() {
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(new KeygenMain()).setErr(new PrintWriter(err));

    assertThat(cli.execute("admin", "bad name")).isEqualTo(2);
    assertThat(cli.execute("admin", "ok", "--role", "root")).isEqualTo(2);
  }

  private static Operator parse(String configLine) {
    return AdminAuthConfig.from(TestYaml.parse("state_dir: /tmp/x\noperators:\n  " + configLine))
        .operators()
        .values()
        .iterator()
        .next();
  }

  private static List<String> run(String... arguments) {
    StringWriter out = new StringWriter();
    CommandLine cli = new CommandLine(new KeygenMain()).setOut(new PrintWriter(out));
    assertThat(cli.execute(arguments)).isZero();
    return out.toString().lines().toList();
  }
}
