package dev.gatehouse.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code gatehouse check} on an agent config finds an embedded database folder it cannot make. */
class AgentCheckMainTest {

  @TempDir Path dir;

  @Test
  void aDataDirThatCanBeMadeIsValid() throws Exception {
    assertThat(check(dir.resolve("state/postgres")).exitCode).isZero();
  }

  @Test
  void aDataDirUnderAFileIsAConfigErrorNamingTheKey() throws Exception {
    Path file = Files.writeString(dir.resolve("not-a-folder"), "x");

    Checked checked = check(file.resolve("postgres"));

    assertThat(checked.exitCode).isEqualTo(2);
    assertThat(checked.stderr)
        .contains("database.embedded.data_dir")
        .contains("needs " + file + ", which is not a folder this user");
  }

  private record Checked(int exitCode, String stderr) {}

  private Checked check(Path dataDir) throws Exception {
    Path config =
        Files.writeString(
            dir.resolve("agent.yaml"),
            """
            listen: {host: 127.0.0.1, port: 1010}
            database:
              embedded: {data_dir: %s}
            routes:
              - {path: /api/server/status, backend: status}
            """
                .formatted(dataDir));
    PrintStream before = System.err;
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      int code = new CommandLine(new AgentCheckMain()).execute("--config", config.toString());
      return new Checked(code, err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setErr(before);
    }
  }
}
