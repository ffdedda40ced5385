package dev.gatehouse.agent.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.agent.AgentConfig;
import dev.gatehouse.shared.config.ConfigException;
import dev.gatehouse.shared.testing.TestYaml;
import org.junit.jupiter.api.Test;

class AgentAdminConfigTest {

  private static final String AGENT =
      "listen: {port: 1010}\nroutes: [{path: /api/server/status, backend: status}]\n";

  @Test
  void adminListenerIsOffWithoutASection() {
    assertThat(AgentConfig.from(TestYaml.parse(AGENT)).admin().enabled()).isFalse();
  }

  @Test
  void adminListenerOnTheAgentsOwnPortIsRejectedWithItsKey() {
    assertThatThrownBy(() -> AgentConfig.from(TestYaml.parse(AGENT + "admin: {port: 1010}")))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("test.yaml: admin.port: 1010 is the agent's own listener");
  }
}
