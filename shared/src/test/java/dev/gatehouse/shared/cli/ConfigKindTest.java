package dev.gatehouse.shared.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.shared.config.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigKindTest {

  @TempDir Path dir;

  @Test
  void shippedEdgeAndAgentExamplesAreToldApart() {
    assertThat(ConfigKind.of(Path.of("../conf/edge.yaml"))).isEqualTo(ConfigKind.EDGE);
    assertThat(ConfigKind.of(Path.of("../conf/agent.yaml"))).isEqualTo(ConfigKind.AGENT);
    assertThat(ConfigKind.of(Path.of("../conf/demo/edge.yaml"))).isEqualTo(ConfigKind.EDGE);
    assertThat(ConfigKind.of(Path.of("../conf/demo/agent.yaml"))).isEqualTo(ConfigKind.AGENT);
  }

  @Test
  void fileWithNeitherKindsSectionsIsAConfigError() throws Exception {
    Path file = Files.writeString(dir.resolve("x.yaml"), "listen: {port: 1}\nlog: {level: info}\n");

    assertThatThrownBy(() -> ConfigKind.of(file))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith(file + ": cannot tell an edge config");
  }

  @Test
  void fileWithBothKindsSectionsIsAConfigError() throws Exception {
    Path file = Files.writeString(dir.resolve("x.yaml"), "tls: {}\ngame_server: {}\n");

    assertThatThrownBy(() -> ConfigKind.of(file)).isInstanceOf(ConfigException.class);
  }
}
