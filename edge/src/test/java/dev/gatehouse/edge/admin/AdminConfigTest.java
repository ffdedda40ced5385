package dev.gatehouse.edge.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.edge.config.AdminConfig;
import dev.gatehouse.shared.config.ConfigException;
import dev.gatehouse.shared.password.Argon2id;
import dev.gatehouse.shared.testing.TestYaml;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The admin listener leaves loopback only with authentication on; operators are checked. */
class AdminConfigTest {

  private static final String HASH = Argon2id.hash("a password");

  @Test
  void aPublicAddressWithoutOperatorsStopsStartUp() {
    assertThatThrownBy(() -> AdminConfig.from(TestYaml.parse("host: 0.0.0.0")))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("test.yaml: host: 0.0.0.0 is not a loopback address");
  }

  @Test
  void aWildcardOrPublicAddressStopsStartUpEvenWithOperators() {
    for (String host : List.of("0.0.0.0", "::", "203.0.113.7", "2001:db8::1")) {
      assertThatThrownBy(() -> withOperatorOn(host))
          .as(host)
          .isInstanceOf(ConfigException.class)
          .hasMessageContaining("host: " + host + " is not a loopback or private IP address");
    }
  }

  @Test
  void aPrivateAddressWithOperatorsIsAllowed() {
    for (String host : List.of("192.168.1.5", "172.20.0.1", "100.100.1.1", "fd00::1")) {
      assertThat(withOperatorOn(host).host()).isEqualTo(host);
    }
  }

  @Test
  void theWireGuardAddressWithOperatorsIsAllowed() {
    AdminConfig config = withOperatorOn("10.8.0.1");

    assertThat(config.host()).isEqualTo("10.8.0.1");
    assertThat(config.auth().enabled()).isTrue();
  }

  /** An admin section with one operator, its listener on {@code host}. */
  private static AdminConfig withOperatorOn(String host) {
    return AdminConfig.from(
        TestYaml.parse(
            """
            host: "%s"
            state_dir: /var/lib/gatehouse/admin
            operators:
              - {name: alice, password_hash: "%s", role: operator}
            """
                .formatted(host, HASH)));
  }

  @Test
  void operatorsNeedAStateDirectory() {
    assertThatThrownBy(
            () ->
                AdminConfig.from(
                    TestYaml.parse(
                        "operators:\n  - {name: alice, password_hash: \"%s\"}".formatted(HASH))))
        .hasMessage(
            "test.yaml: state_dir: is required with operators: refresh tokens are kept there across"
                + " restarts");
  }

  @Test
  void aPasswordInsteadOfAHashIsRefused() {
    assertThatThrownBy(
            () ->
                AdminConfig.from(
                    TestYaml.parse(
                        "state_dir: /tmp/x\noperators:\n  - {name: alice, password_hash: hunter2}")))
        .hasMessageStartingWith("test.yaml: operators[0].password_hash: is not an Argon2id hash");
  }

  @Test
  void aRepeatedNameIsRefused() {
    assertThatThrownBy(
            () ->
                AdminConfig.from(
                    TestYaml.parse(
                        """
                        state_dir: /tmp/x
                        operators:
                          - {name: alice, password_hash: "%s"}
                          - {name: alice, password_hash: "%s"}
                        """
                            .formatted(HASH, HASH))))
        .hasMessage("test.yaml: operators: 'alice' appears twice");
  }

  @Test
  void aLifetimeOrLockoutOfZeroOrLessOrTooLongNamesItsKey() {
    for (String[] bad :
        new String[][] {
          {"refresh_token_ttl: 0s", "refresh_token_ttl"},
          {"login: {window: 0m}", "login.window"},
          {"login: {lockout: -1m}", "login.lockout"},
          {"login: {lockout: 2d}", "login.lockout"},
          {"login: {window: 25h}", "login.window"},
          {"refresh_token_ttl: 999999999999d", "refresh_token_ttl"}
        }) {
      assertThatThrownBy(
              () ->
                  AdminConfig.from(
                      TestYaml.parse(
                          "state_dir: /tmp/x\noperators:\n  - {name: alice, password_hash: \"%s\"}\n%s"
                              .formatted(HASH, bad[0]))))
          .as(bad[0])
          .isInstanceOf(ConfigException.class)
          .hasMessageStartingWith("test.yaml: " + bad[1] + ": ");
    }
  }
}
