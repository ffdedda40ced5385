package dev.gatehouse.edge.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.shared.trust.EdgeAssertion;
import io.netty.util.AsciiString;
import io.vertx.core.MultiMap;
import org.junit.jupiter.api.Test;

/**
 * The agent's request is written from a map that checks every header but the edge's own: a client's
 * header under one of those names, or any other, is still checked as it is added.
 */
class ForwardedHeadersTest {

  private final MultiMap agentRequest = ForwardedHeaders.agentRequestHeaders();

  @Test
  void aClientsValueThatCouldSplitTheHeadIsRefused() {
    assertThatThrownBy(() -> agentRequest.add("X-Note", "a\r\nX-Injected: 1"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> agentRequest.add(EdgeAssertion.HEADER, "a\r\nX-Injected: 1"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> agentRequest.add("X-Request-Id", "a\nb"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> agentRequest.add("Bad Name", "x"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theEdgesOwnAreAddedAsMade() {
    new ForwardedHeaders(
            "req-1", "203.0.113.7", 1_795_000_000_000L, "15000", new AsciiString("e30.e30.c2ln"))
        .addTo(agentRequest);

    assertThat(agentRequest.get("x-request-id")).isEqualTo("req-1");
    assertThat(agentRequest.get("X-Forwarded-For")).isEqualTo("203.0.113.7");
    assertThat(agentRequest.get("X-Forwarded-Proto")).isEqualTo("https");
    assertThat(agentRequest.get(EdgeAssertion.HEADER)).isEqualTo("e30.e30.c2ln");
  }
}
