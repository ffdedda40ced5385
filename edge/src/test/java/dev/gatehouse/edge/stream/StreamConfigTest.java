package dev.gatehouse.edge.stream;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.shared.testing.TestYaml;
import java.util.Set;
import org.junit.jupiter.api.Test;

class StreamConfigTest {

  @Test
  void anUnknownUpstreamIsNamedWithItsKey() {
    assertThatThrownBy(
            () ->
                StreamConfig.list(
                    TestYaml.parse("streams: [{name: game, listen: {port: 7777}, upstream: nope}]"),
                    Set.of("agent")))
        .hasMessage("test.yaml: streams[0].upstream: 'nope' is not one of upstreams: [agent]");
  }

  @Test
  void udpIsNotOfferedYet() {
    assertThatThrownBy(
            () ->
                StreamConfig.list(
                    TestYaml.parse(
                        "streams: [{name: game, protocol: udp, listen: {port: 7777},"
                            + " upstream: agent}]"),
                    Set.of("agent")))
        .hasMessage("test.yaml: streams[0].protocol: 'udp' (expected: tcp)");
  }

  @Test
  void aListenPortIsRequired() {
    assertThatThrownBy(
            () ->
                StreamConfig.list(
                    TestYaml.parse("streams: [{name: game, upstream: agent, listen: {}}]"),
                    Set.of("agent")))
        .hasMessage("test.yaml: streams[0].listen.port: is required");
  }
}
