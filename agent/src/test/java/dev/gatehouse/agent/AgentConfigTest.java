package dev.gatehouse.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.shared.config.ConfigException;
import dev.gatehouse.shared.config.ConfigFiles;
import dev.gatehouse.shared.testing.TestYaml;
import dev.gatehouse.shared.trust.SharedSecret;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentConfigTest {

  @Test
  void unknownBackendIsNamedWithItsKey() {
    assertThatThrownBy(
            () -> AgentConfig.from(TestYaml.parse("routes: [{path: /x, backend: nope}]")))
        .isInstanceOf(ConfigException.class)
        .hasMessage("test.yaml: routes[0].backend: 'nope' is not one of [register, status]");
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
  void routeTimeoutBeyondADayIsNamed() {
    assertThatThrownBy(
            () ->
                AgentConfig.from(
                    TestYaml.parse("routes: [{path: /x, backend: status, timeout: 30d}]")))
        .hasMessage("test.yaml: routes[0].timeout: 30d (expected: at most 24h)");
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

  @Test
  void telegramCheckWithoutTokenNamesTheKey() {
    assertThatThrownBy(
            () ->
                AgentConfig.from(
                    TestYaml.parse("registration: {telegram: {enabled: true, chat_id: '-100'}}")))
        .hasMessageStartingWith("test.yaml: registration.telegram.bot_token: is required when");
  }

  @Test
  void registerRouteThatGivesUpBeforeTheGameServerIsRejected() {
    assertThatThrownBy(
            () ->
                AgentConfig.from(
                    TestYaml.parse(
                        "game_server: {request_timeout: 8s}\n"
                            + "routes: [{path: /api/register, backend: register, timeout: 10s}]")))
        .hasMessage(
            "test.yaml: routes[0].timeout: 10000 ms is too short for registration (expected: at"
                + " least game_server.request_timeout + registration.lock_timeout + 3s = 13000 ms)");
  }

  @Test
  void shippedConfigsParse(@TempDir Path dir) throws Exception {
    Path secret = Files.writeString(dir.resolve("agent-secret"), SharedSecret.generate().encoded());
    Map<String, String> env =
        Map.of(
            "TELEGRAM_BOT_TOKEN", "1:x",
            "TELEGRAM_CHAT_ID", "-1",
            "GATEHOUSE_DB_PASSWORD", "p",
            "GATEHOUSE_AGENT_SECRET", secret.toString(),
            "GATEHOUSE_DEMO_DIR", dir.toString());
    for (String file : List.of("../conf/agent.yaml", "../conf/demo/agent.yaml")) {
      AgentConfig config = AgentConfig.from(ConfigFiles.read(Path.of(file), env::get));
      assertThat(config.registers()).as(file).isTrue();
    }
  }
}
