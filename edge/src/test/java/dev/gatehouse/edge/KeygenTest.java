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
  void edgeKeysAreWrittenWithAPrivateFileModeAndBothEndsLoadThem(@TempDir Path dir)
      throws Exception {
    StringWriter out = new StringWriter();
    CommandLine cli = new CommandLine(new KeygenMain()).setOut(new PrintWriter(out));

    assertThat(cli.execute("edge-keys", "--out", dir.toString())).isZero();
    assertThat(cli.execute("edge-keys", "--out", dir.toString())).isEqualTo(1);

    Path privateKey = dir.resolve("edge-signing-key.pem");
    Path publicKey = dir.resolve("edge-public-key.pem");
    assertThat(Files.getPosixFilePermissions(privateKey))
        .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    assertThat(out.toString()).contains(privateKey.toString()).doesNotContain("BEGIN PRIVATE KEY");
    AssertionConfig edge = AssertionConfig.from(TestYaml.parse("signing_key: " + privateKey));
    TrustConfig agent =
        TrustConfig.from(TestYaml.parse("edge_public_key: " + publicKey), "10.8.0.2");
    assertThat(edge.signingKey()).isPresent();
    assertThat(agent.edgePublicKey()).isPresent();
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
