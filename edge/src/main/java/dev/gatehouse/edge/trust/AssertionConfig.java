package dev.gatehouse.edge.trust;

import dev.gatehouse.shared.config.ConfigNode;
import dev.gatehouse.shared.trust.SharedSecret;
import java.time.Duration;
import java.util.Optional;

/**
 * {@code agent_assertion:} the secret the edge MACs forwarded requests with (shared with the
 * agents; an upstream may name its own with {@code assertion_secret_file}), and how long an
 * assertion is valid. Without a secret the edge sends no assertion, which only an agent on loopback
 * accepts.
 */
public record AssertionConfig(Optional<SharedSecret> secret, Duration ttl) {

  public static final Duration DEFAULT_TTL = Duration.ofSeconds(30);

  public static AssertionConfig from(ConfigNode node) {
    if (node.keys().contains("signing_key")) {
      throw node.error(
          "signing_key",
          "is no longer read: the edge and its agents now share a secret;"
              + " set agent_assertion.secret_file (and trust.edge_secret_file on the agents)"
              + " to a file made with: gatehouse keygen agent-secret --out FILE");
    }
    Optional<SharedSecret> secret = SharedSecret.fromFile(node, "secret_file");
    Duration ttl = node.duration("ttl", DEFAULT_TTL);
    node.done();
    return new AssertionConfig(secret, ttl);
  }
}
