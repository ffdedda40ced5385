package dev.gatehouse.edge.trust;

import dev.gatehouse.shared.config.ConfigNode;
import dev.gatehouse.shared.trust.EdgeAssertion;
import io.vertx.core.buffer.Buffer;
import java.time.Duration;
import java.util.Optional;

/**
 * {@code agent_assertion:} the private key the edge signs forwarded requests with, and how long a
 * signature is valid. Without it the edge sends no assertion, which only an agent on loopback
 * accepts.
 */
public record AssertionConfig(Optional<Buffer> signingKey, Duration ttl) {

  public static final Duration DEFAULT_TTL = Duration.ofSeconds(30);

  public static AssertionConfig from(ConfigNode node) {
    Optional<Buffer> key =
        node.optionalString("signing_key").isPresent()
            ? Optional.of(EdgeAssertion.readPem(node, "signing_key", "PRIVATE KEY"))
            : Optional.empty();
    Duration ttl = node.duration("ttl", DEFAULT_TTL);
    node.done();
    return new AssertionConfig(key, ttl);
  }

  @Override
  public String toString() {
    return "AssertionConfig[signingKey="
        + (signingKey.isPresent() ? "(set)" : "none")
        + ", ttl="
        + ttl
        + "]";
  }
}
