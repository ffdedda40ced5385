package dev.gatehouse.agent.stream;

import dev.gatehouse.agent.trust.ReplayGuard;
import dev.gatehouse.shared.stream.StreamAssertion;
import dev.gatehouse.shared.trust.EdgeAssertion;
import dev.gatehouse.shared.trust.HmacTokens;
import dev.gatehouse.shared.trust.SharedSecret;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Optional;

/**
 * Checks the line that opens a stream: MACed by the edge, for stream use, current, naming a stream,
 * and never seen before (a replayed line opens nothing, and neither does any line while the agent
 * holds as many live ones as it can tell replays among).
 */
public final class StreamAssertionVerifier {

  /** What a valid assertion vouches for. */
  public record Claims(String stream, String clientIp, int clientPort, boolean udp) {}

  private final HmacTokens tokens;
  private final long skewSeconds;
  private final ReplayGuard seen = new ReplayGuard(ReplayGuard.DEFAULT_CAPACITY);

  public StreamAssertionVerifier(SharedSecret edgeSecret, Duration clockSkew) {
    this.tokens = new HmacTokens(edgeSecret);
    this.skewSeconds = clockSkew.toSeconds();
  }

  /** The claims of {@code token}, if it is valid and its first use; a stream refused otherwise. */
  public Optional<Claims> verify(String token) {
    return tokens
        .verify(token)
        .filter(this::current)
        .filter(this::firstSight)
        .map(
            c ->
                new Claims(
                    c.getString(StreamAssertion.STREAM),
                    c.getString(StreamAssertion.CLIENT_IP),
                    c.getInteger(StreamAssertion.CLIENT_PORT, 0),
                    StreamAssertion.UDP.equals(c.getString(StreamAssertion.PROTOCOL))));
  }

  private boolean current(JsonObject claims) {
    long now = System.currentTimeMillis() / 1000;
    try {
      Long expires = claims.getLong("exp");
      Long issued = claims.getLong("iat");
      return EdgeAssertion.ISSUER.equals(claims.getString("iss"))
          && StreamAssertion.AUDIENCE.equals(claims.getString("aud"))
          && expires != null
          && issued != null
          && now <= expires + skewSeconds
          && issued <= now + skewSeconds
          && claims.getString(StreamAssertion.STREAM) != null
          && claims.getString(StreamAssertion.CLIENT_IP) != null
          && claims.getString(StreamAssertion.ID) != null;
    } catch (ClassCastException e) {
      return false;
    }
  }

  private boolean firstSight(JsonObject claims) {
    return seen.see(claims.getString(StreamAssertion.ID), claims.getLong("exp") + skewSeconds)
        == ReplayGuard.Sight.FIRST;
  }
}
