package dev.gatehouse.agent;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.shared.config.ConfigException;
import dev.gatehouse.shared.testing.TestYaml;
import org.junit.jupiter.api.Test;

class AgentConfigTest {

  @Test
  void unknownBackendIsNamedWithItsKey() {
    assertThatThrownBy(() -> AgentConfig.from(TestYaml.parse("routes: [{path: /x, backend: nope}]")))
        .isInstanceOf(ConfigException.class)
        .hasMessage("test.yaml: routes[0].backend: 'nope' is not one of [status]");
  }

  @Test
  void routeWithBothBackendAndUrlIsRejected() {
    assertThatThrownBy(
            () ->
                AgentConfig.from(
                    TestYaml.parse("routes: [{path: /x, backend: status, url: 'http://a:1'}]")))
        .hasMessageStartingWith("test.yaml: routes[0].backend: give exactly one of");
  }

  @Test
  void misspeltKeyStopsStartUp() {
    assertThatThrownBy(
            () ->
                AgentConfig.from(
                    TestYaml.parse("listen: {prot: 1010}\nroutes: [{path: /x, backend: status}]")))
        .hasMessage("test.yaml: listen.prot: unknown key");
  }

  @Test
  void passwordWithoutUrlIsRejected() {
    assertThatThrownBy(
            () ->
                AgentConfig.from(
                    TestYaml.parse(
                        "database: {password: x}\nroutes: [{path: /x, backend: status}]")))
        .hasMessage("test.yaml: database.password: only applies together with 'url'");
  }
}
