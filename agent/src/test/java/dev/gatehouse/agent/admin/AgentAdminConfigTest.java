package dev.gatehouse.agent.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.agent.AgentConfig;
import dev.gatehouse.shared.config.ConfigException;
import dev.gatehouse.shared.testing.TestYaml;
import org.junit.jupiter.api.Test;

class AgentAdminConfigTest {

  @Test
  void adminListenerIsOffWithoutASection() {
    assertThat(AgentConfig.from(TestYaml.parse("listen: {port: 1010}")).admin().enabled())
        .isFalse();
  }

  @Test
  void adminListenerOnTheAgentsOwnPortIsRejectedWithItsKey() {
    assertThatThrownBy(
            () -> AgentConfig.from(TestYaml.parse("listen: {port: 1010}\nadmin: {port: 1010}")))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("test.yaml: admin.port: 1010 is the agent's own listener");
  }
}
