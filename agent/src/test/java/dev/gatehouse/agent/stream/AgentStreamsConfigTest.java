package dev.gatehouse.agent.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.agent.AgentConfig;
import dev.gatehouse.shared.testing.TestYaml;
import org.junit.jupiter.api.Test;

class AgentStreamsConfigTest {

  private static final String ROUTE = "routes: [{path: /s, backend: status}]\n";

  @Test
  void streamsWithoutTheEdgeSecretStopStartUp() {
    assertThatThrownBy(
            () ->
                AgentConfig.from(
                    TestYaml.parse(ROUTE + "streams: {game: {target: '127.0.0.1:7777'}}")))
        .hasMessageStartingWith("test.yaml: trust.edge_secret_file: is required when streams");
  }

  @Test
  void aTargetWithoutAPortIsNamedWithItsKey() {
    assertThatThrownBy(
            () ->
                AgentConfig.from(TestYaml.parse(ROUTE + "streams: {game: {target: '127.0.0.1'}}")))
        .hasMessage("test.yaml: streams.game.target: '127.0.0.1' must be host:port");
  }

  @Test
  void anUnknownProtocolIsRefused() {
    assertThatThrownBy(
            () ->
                AgentConfig.from(
                    TestYaml.parse(
                        ROUTE + "streams: {game: {target: '127.0.0.1:1', protocol: quic}}")))
        .hasMessage("test.yaml: streams.game.protocol: 'quic' (expected: tcp or udp)");
  }

  @Test
  void anUnknownProxyProtocolIsRefused() {
    assertThatThrownBy(
            () ->
                AgentConfig.from(
                    TestYaml.parse(
                        ROUTE + "streams: {game: {target: '127.0.0.1:1', proxy_protocol: v1}}")))
        .hasMessage("test.yaml: streams.game.proxy_protocol: 'v1' (expected: none or v2)");
  }

  @Test
  void noStreamsMeansNoStreamListener() {
    assertThat(AgentConfig.from(TestYaml.parse(ROUTE)).streams().enabled()).isFalse();
  }
}
