package dev.gatehouse.agent.trust;

import dev.gatehouse.shared.config.ConfigNode;
import dev.gatehouse.shared.net.AddressSet;
import dev.gatehouse.shared.trust.SharedSecret;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * {@code trust:} who may talk to the agent. Connections are accepted only from {@code
 * allowed_sources} (loopback unless configured: in production the edge's WireGuard address), and
 * every request but {@code /health} must carry an assertion MACed with the secret in {@code
 * edge_secret_file}, the one the edge uses for this agent's upstream. An agent listening beyond
 * loopback must have that secret.
 */
public record TrustConfig(
    Optional<SharedSecret> edgeSecret, AddressSet allowedSources, Duration clockSkew) {

  public static final List<String> DEFAULT_SOURCES = List.of("127.0.0.0/8", "::1/128");
  public static final Duration DEFAULT_CLOCK_SKEW = Duration.ofSeconds(5);

  public static TrustConfig from(ConfigNode node, String listenHost) {
    if (node.keys().contains("edge_public_key")) {
      throw node.error(
          "edge_public_key",
          "is no longer read: the edge and its agents now share a secret;"
              + " set trust.edge_secret_file (and agent_assertion.secret_file on the edge)"
              + " to a file made with: gatehouse keygen agent-secret --out FILE");
    }
    Optional<SharedSecret> secret = SharedSecret.fromFile(node, "edge_secret_file");
    if (secret.isEmpty() && !AddressSet.isLoopback(listenHost)) {
      throw node.error(
          "edge_secret_file",
          "is required when the agent listens on "
              + listenHost
              + ", beyond loopback"
              + " (make one with: gatehouse keygen agent-secret --out FILE)");
    }
    AddressSet sources = AddressSet.from(node, "allowed_sources", DEFAULT_SOURCES);
    Duration skew = node.duration("max_clock_skew", DEFAULT_CLOCK_SKEW);
    node.done();
    return new TrustConfig(secret, sources, skew);
  }
}
