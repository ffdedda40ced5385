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

  @Test
  void anAdminListenerWhereTheInternetReachesItIsRejectedWithItsKey() {
    for (String host : new String[] {"0.0.0.0", "203.0.113.7"}) {
      assertThatThrownBy(
              () ->
                  AgentConfig.from(
                      TestYaml.parse(AGENT + "admin: {host: \"" + host + "\", port: 9902}")))
          .isInstanceOf(ConfigException.class)
          .hasMessageStartingWith(
              "test.yaml: admin.host: " + host + " is not a loopback or private IP address");
    }
    assertThat(
            AgentConfig.from(TestYaml.parse(AGENT + "admin: {host: 10.8.0.2, port: 9902}"))
                .admin()
                .host())
        .isEqualTo("10.8.0.2");
  }
}
