package dev.gatehouse.shared.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.shared.testing.TestYaml;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigNodeTest {

  @Test
  void environmentReferencesAreResolved() {
    ConfigNode node =
        TestYaml.parse(
            "key: ${API_KEY}\nurl: 'http://${HOST:-localhost}:${PORT:-8080}/x'",
            Map.of("API_KEY", "s3cret", "PORT", "9000"));

    assertThat(node.string("key")).isEqualTo("s3cret");
    assertThat(node.string("url")).isEqualTo("http://localhost:9000/x");
  }

  @Test
  void unsetVariableWithoutDefaultNamesTheKeyAndTheVariable() {
    ConfigNode node = TestYaml.parse("tls:\n  cert: ${CERT_FILE}");

    assertThatThrownBy(() -> node.child("tls").string("cert"))
        .isInstanceOf(ConfigException.class)
        .hasMessage("test.yaml: tls.cert: environment variable CERT_FILE is not set");
  }

  @Test
  void unknownKeyIsRejectedWithItsFullName() {
    ConfigNode root = TestYaml.parse("routes:\n  - path: /a\n    metods: [GET]");
    ConfigNode route = root.children("routes").get(0);
    route.string("path");

    assertThatThrownBy(route::done).hasMessage("test.yaml: routes[0].metods: unknown key");
  }

  @Test
  void badValuesSayWhatWasExpected() {
    ConfigNode node = TestYaml.parse("ttl: 10 seconds\nport: 70000\nflag: maybe\nlist: x");

    assertThatThrownBy(() -> node.duration("ttl", Duration.ZERO))
        .hasMessageStartingWith("test.yaml: ttl: '10 seconds' is not a duration");
    assertThatThrownBy(() -> node.integer("port", 1, 0, 65535))
        .hasMessage("test.yaml: port: 70000 is out of range (expected: 0..65535)");
    assertThatThrownBy(() -> node.bool("flag", false))
        .hasMessage("test.yaml: flag: 'maybe' is not true or false");
    assertThatThrownBy(() -> node.strings("list", List.of()))
        .hasMessage("test.yaml: list: expected a list");
  }

  @Test
  void missingRequiredKeyIsNamed() {
    assertThatThrownBy(() -> TestYaml.parse("a: 1").child("tls"))
        .hasMessage("test.yaml: tls: is required");
  }

  @Test
  void durationsAndDefaultsParse() {
    ConfigNode node = TestYaml.parse("a: 250ms\nb: 5m");

    assertThat(node.duration("a", null)).isEqualTo(Duration.ofMillis(250));
    assertThat(node.duration("b", null)).isEqualTo(Duration.ofMinutes(5));
    assertThat(node.duration("c", Duration.ofSeconds(3))).isEqualTo(Duration.ofSeconds(3));
  }

  @Test
  void timeoutsLongerThanADayAreNamed() {
    ConfigNode node = TestYaml.parse("a: 24h\nb: 25h\nc: 30d");

    assertThat(node.timeout("a", null)).isEqualTo(Duration.ofHours(24));
    assertThatThrownBy(() -> node.timeout("b", null))
        .isInstanceOf(ConfigException.class)
        .hasMessage("test.yaml: b: 25h (expected: at most 24h)");
    assertThatThrownBy(() -> node.timeout("c", null))
        .hasMessage("test.yaml: c: 30d (expected: at most 24h)");
  }

  @Test
  void aDurationBeyondWhatMillisecondsHoldIsStillNamedAsWritten() {
    ConfigNode node = TestYaml.parse("a: 200000000000d\nb: 10000000000000000s");

    assertThatThrownBy(() -> node.timeout("a", null))
        .isInstanceOf(ConfigException.class)
        .hasMessage("test.yaml: a: 200000000000d (expected: at most 24h)");
    assertThatThrownBy(() -> node.timeout("b", null))
        .isInstanceOf(ConfigException.class)
        .hasMessage("test.yaml: b: 10000000000000000s (expected: at most 24h)");
  }

  @Test
  void anyDurationIsAtMostAYear() {
    ConfigNode node = TestYaml.parse("a: 365d\nb: 366d\nc: 1500ms");

    assertThat(node.duration("a", null)).isEqualTo(Duration.ofDays(365));
    assertThatThrownBy(() -> node.duration("b", null))
        .isInstanceOf(ConfigException.class)
        .hasMessage("test.yaml: b: 366d (expected: at most 365d)");
    assertThat(node.duration("c", null)).isEqualTo(Duration.ofMillis(1500));
  }

  @Test
  void valuesBeyondWhatALongHoldsAreNamedNotWrapped() {
    ConfigNode node =
        TestYaml.parse(
            "a: 9007199254740993KiB\nb: 99999999999999999999\nc: 99999999999999999999s\n"
                + "d: 999999999999999d");

    assertThatThrownBy(() -> node.size("a", 0))
        .isInstanceOf(ConfigException.class)
        .hasMessage("test.yaml: a: '9007199254740993KiB' is larger than any size can be");
    assertThatThrownBy(() -> node.size("b", 0))
        .hasMessage("test.yaml: b: '99999999999999999999' is larger than any size can be");
    assertThatThrownBy(() -> node.duration("c", null))
        .hasMessage("test.yaml: c: '99999999999999999999s' is longer than any duration can be");
    assertThatThrownBy(() -> node.duration("d", null))
        .hasMessage("test.yaml: d: '999999999999999d' is longer than any duration can be");
  }

  @Test
  void missingFileIsReportedWithItsPath() {
    assertThatThrownBy(() -> ConfigFiles.read(Path.of("/nonexistent/edge.yaml")))
        .hasMessage("/nonexistent/edge.yaml: file not found");
  }

  @Test
  void invalidYamlReportsTheLine() {
    assertThatThrownBy(() -> TestYaml.parse("a: 1\nb: [unclosed"))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("test.yaml: line ");
  }
}
