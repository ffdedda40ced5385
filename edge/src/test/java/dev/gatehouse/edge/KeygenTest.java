package dev.gatehouse.edge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.edge.policy.ApiKeys;
import dev.gatehouse.shared.testing.TestYaml;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
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
    ApiKeys keys = ApiKeys.from(TestYaml.parse("api_keys:\n  " + configLine).children("api_keys"));
    assertThat(keys.match(key)).contains("website");
    assertThat(keys.match(second.get(1).strip())).isEmpty();
  }

  private static List<String> run(String name) {
    StringWriter out = new StringWriter();
    CommandLine cli = new CommandLine(new KeygenMain()).setOut(new PrintWriter(out));
    assertThat(cli.execute("api-key", name)).isZero();
    return out.toString().lines().toList();
  }
}
