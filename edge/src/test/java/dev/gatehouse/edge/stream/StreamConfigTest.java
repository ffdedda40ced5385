package dev.gatehouse.edge.stream;

import static org.assertj.core.api.Assertions.assertThat;
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
  void anUnknownProtocolIsNamedWithItsKey() {
    assertThatThrownBy(
            () ->
                StreamConfig.list(
                    TestYaml.parse(
                        "streams: [{name: game, protocol: sctp, listen: {port: 7777},"
                            + " upstream: agent}]"),
                    Set.of("agent")))
        .hasMessage("test.yaml: streams[0].protocol: 'sctp' (expected: tcp or udp)");
  }

  @Test
  void anIdleTimeoutLongerThanADayIsNamedWithItsKey() {
    // Netty's idle timer takes an int of milliseconds, which 25 days would overflow.
    assertThatThrownBy(
            () ->
                StreamConfig.list(
                    TestYaml.parse(
                        "streams: [{name: game, listen: {port: 7777}, upstream: agent,"
                            + " idle_timeout: 25d}]"),
                    Set.of("agent")))
        .hasMessage("test.yaml: streams[0].idle_timeout: 25d (expected: at most 24h)");
  }

  @Test
  void anIdleTimeoutShorterThan100msIsNamedWithItsKey() {
    assertThatThrownBy(
            () ->
                StreamConfig.list(
                    TestYaml.parse(
                        "streams: [{name: game, listen: {port: 7777}, upstream: agent,"
                            + " idle_timeout: 50ms}]"),
                    Set.of("agent")))
        .hasMessage("test.yaml: streams[0].idle_timeout: 50ms (expected: at least 100ms)");
  }

  @Test
  void udpSessionsHaveTheirOwnDefaults() {
    StreamConfig udp =
        StreamConfig.list(
                TestYaml.parse(
                    "streams: [{name: game, protocol: udp, listen: {port: 7777}, upstream: agent}]"),
                Set.of("agent"))
            .get(0);

    assertThat(udp.protocol()).isEqualTo(StreamConfig.Protocol.UDP);
    assertThat(udp.idleTimeout()).isEqualTo(StreamConfig.DEFAULT_UDP_IDLE_TIMEOUT);
    assertThat(udp.maxSessions()).isEqualTo(StreamConfig.DEFAULT_MAX_SESSIONS);
  }

  @Test
  void maxSessionsIsRefusedOnATcpStream() {
    assertThatThrownBy(
            () ->
                StreamConfig.list(
                    TestYaml.parse(
                        "streams: [{name: game, listen: {port: 7777}, upstream: agent,"
                            + " max_sessions: 5}]"),
                    Set.of("agent")))
        .hasMessage("test.yaml: streams[0].max_sessions: is for protocol: udp only");
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
