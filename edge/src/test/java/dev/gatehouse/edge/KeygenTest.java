package dev.gatehouse.edge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.agent.trust.TrustConfig;
import dev.gatehouse.edge.apikey.ApiKeys;
import dev.gatehouse.edge.cors.CorsConfig;
import dev.gatehouse.edge.trust.AssertionConfig;
import dev.gatehouse.shared.testing.TestYaml;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class KeygenTest {

  @Test
  void apiKeyIsLongUrlSafeAndItsConfigLineMatchesIt() {
    List<String> first = run("website");
    List<String> second = run("website");

    String key = first.get(1).strip();
    assertThat(key).matches("[A-Za-z0-9_-]{43}");
    assertThat(Base64.getUrlDecoder().decode(key)).hasSize(32);
    assertThat(second.get(1).strip()).isNotEqualTo(key);

    String configLine = first.get(3).strip();
    ApiKeys keys = parse(configLine);
    assertThat(keys.match(key).map(ApiKeys.Key::name)).contains("website");
    assertThat(keys.match(key).map(ApiKeys.Key::isPublic)).contains(false);
    assertThat(keys.match(second.get(1).strip())).isEmpty();
  }

  @Test
  void publicApiKeyLineMarksTheKeyPublic() {
    List<String> lines = run("website-page", "--public");

    String key = lines.get(1).strip();
    ApiKeys keys = parse(lines.get(3).strip());
    assertThat(keys.match(key).map(ApiKeys.Key::isPublic)).contains(true);
  }

  private static ApiKeys parse(String configLine) {
    CorsConfig cors =
        new CorsConfig(Set.of("https://game.example.com"), CorsConfig.DEFAULT_MAX_AGE);
    return ApiKeys.from(TestYaml.parse("api_keys:\n  " + configLine).children("api_keys"), cors);
  }

  @Test
  void agentSecretIsWrittenWithAPrivateFileModeAndBothEndsLoadIt(@TempDir Path dir)
      throws Exception {
    StringWriter out = new StringWriter();
    CommandLine cli = new CommandLine(new KeygenMain()).setOut(new PrintWriter(out));
    Path file = dir.resolve("keys/agent-secret");

    assertThat(cli.execute("agent-secret", "--out", file.toString())).isZero();

    assertThat(Files.getPosixFilePermissions(file))
        .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    String secret = Files.readString(file).strip();
    assertThat(secret).matches("[A-Za-z0-9_-]{43}");
    assertThat(out.toString()).contains(file.toString()).doesNotContain(secret);
    AssertionConfig edge = AssertionConfig.from(TestYaml.parse("secret_file: " + file));
    TrustConfig agent = TrustConfig.from(TestYaml.parse("edge_secret_file: " + file), "10.8.0.2");
    assertThat(edge.secret()).isPresent();
    assertThat(agent.edgeSecret()).isPresent();
  }

  @Test
  void agentSecretNeverReplacesAnExistingFile(@TempDir Path dir) throws Exception {
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(new KeygenMain()).setErr(new PrintWriter(err));
    Path file = dir.resolve("agent-secret");
    assertThat(cli.execute("agent-secret", "--out", file.toString())).isZero();
    String first = Files.readString(file);

    assertThat(cli.execute("agent-secret", "--out", file.toString())).isEqualTo(1);

    assertThat(Files.readString(file)).isEqualTo(first);
    assertThat(err.toString()).contains(file + " exists");
  }

  private static List<String> run(String... arguments) {
    StringWriter out = new StringWriter();
    CommandLine cli = new CommandLine(new KeygenMain()).setOut(new PrintWriter(out));
    String[] command = new String[arguments.length + 1];
    command[0] = "api-key";
    System.arraycopy(arguments, 0, command, 1, arguments.length);
    assertThat(cli.execute(command)).isZero();
    return out.toString().lines().toList();
  }
}
