package dev.gatehouse.agent.trust;

import dev.gatehouse.shared.config.ConfigNode;
import dev.gatehouse.shared.net.AddressSet;
import dev.gatehouse.shared.trust.EdgeAssertion;
import io.vertx.core.buffer.Buffer;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * {@code trust:} who may talk to the agent. Connections are accepted only from {@code
 * allowed_sources} (loopback unless configured: in production the edge's WireGuard address), and
 * every request but {@code /health} must carry an assertion signed with the key whose public half
 * is {@code edge_public_key}. An agent listening beyond loopback must have that key.
 */
public record TrustConfig(
    Optional<Buffer> edgePublicKey, AddressSet allowedSources, Duration clockSkew) {

  public static final List<String> DEFAULT_SOURCES = List.of("127.0.0.0/8", "::1/128");
  public static final Duration DEFAULT_CLOCK_SKEW = Duration.ofSeconds(5);

  public static TrustConfig from(ConfigNode node, String listenHost) {
    Optional<Buffer> key =
        node.optionalString("edge_public_key").isPresent()
            ? Optional.of(EdgeAssertion.readPem(node, "edge_public_key", "PUBLIC KEY"))
            : Optional.empty();
    if (key.isEmpty() && !AddressSet.isLoopback(listenHost)) {
      throw node.error(
          "edge_public_key",
          "is required when the agent listens on "
              + listenHost
              + ", beyond loopback"
              + " (make the pair with: gatehouse keygen edge-keys)");
    }
    AddressSet sources = AddressSet.from(node, "allowed_sources", DEFAULT_SOURCES);
    Duration skew = node.duration("max_clock_skew", DEFAULT_CLOCK_SKEW);
    node.done();
    return new TrustConfig(key, sources, skew);
  }
}
