package dev.gatehouse.agent.trust;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.shared.error.ApiError;
import dev.gatehouse.shared.error.ErrorCode;
import dev.gatehouse.shared.net.AddressSet;
import dev.gatehouse.shared.trust.EdgeAssertion;
import dev.gatehouse.shared.trust.HmacTokens;
import dev.gatehouse.shared.trust.SharedSecret;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Replays under load: however many assertions arrive while one lives, its second use is refused,
 * and when the agent cannot remember more it turns requests away instead of forgetting.
 */
class AssertionVerifierTest {

  private static final SharedSecret SECRET = SharedSecret.generate();
  private static final TrustConfig TRUST =
      new TrustConfig(Optional.of(SECRET), AddressSet.none(), Duration.ofSeconds(5));
  private static final AssertionVerifier.Received REQUEST =
      new AssertionVerifier.Received("GET", "/api/server/status", "r-1", "1764000000000", "3000");

  private final HmacTokens tokens = new HmacTokens(SECRET);

  @Test
  void anAssertionIsRefusedTheSecondTimeEvenAfterTwoHundredThousandOthers() {
    AssertionVerifier verifier = new AssertionVerifier(TRUST);
    String first = assertion(0);
    assertThat(verifier.verify(first, REQUEST).succeeded()).isTrue();

    // At 28,000 requests a second this many arrive while the first still lives (35 s).
    for (int i = 1; i <= 200_000; i++) {
      assertThat(verifier.verify(assertion(i), REQUEST).succeeded()).isTrue();
    }

    assertThat(errorOf(verifier.verify(first, REQUEST))).isEqualTo(ErrorCode.INVALID_ASSERTION);
  }

  @Test
  void aFullAgentAnswersOverloadedAndStillRefusesEveryReplay() {
    AssertionVerifier verifier = new AssertionVerifier(TRUST, new ReplayGuard(3));
    for (int i = 0; i < 3; i++) {
      assertThat(verifier.verify(assertion(i), REQUEST).succeeded()).isTrue();
    }

    Future<String> fourth = verifier.verify(assertion(3), REQUEST);

    assertThat(errorOf(fourth)).isEqualTo(ErrorCode.OVERLOADED);
    assertThat(((ApiError) fourth.cause()).status()).isEqualTo(503);
    for (int i = 0; i < 3; i++) {
      assertThat(errorOf(verifier.verify(assertion(i), REQUEST)))
          .isEqualTo(ErrorCode.INVALID_ASSERTION);
    }
  }

  @Test
  void aNonceIsForgottenOnceItsAssertionCouldNoLongerBeAccepted() {
    ReplayGuard guard = new ReplayGuard(10);
    long now = System.currentTimeMillis() / 1000;
    assertThat(guard.see("gone", now - 1)).isEqualTo(ReplayGuard.Sight.FIRST);
    assertThat(guard.see("kept", now + 30)).isEqualTo(ReplayGuard.Sight.FIRST);

    assertThat(guard.see("other", now + 30)).isEqualTo(ReplayGuard.Sight.FIRST);

    assertThat(guard.size()).isEqualTo(2);
    assertThat(guard.see("kept", now + 30)).isEqualTo(ReplayGuard.Sight.REPLAY);
  }

  /** An assertion as the edge makes it for {@link #REQUEST}, with nonce number {@code n}. */
  private String assertion(int n) {
    long now = System.currentTimeMillis() / 1000;
    return tokens.sign(
        new JsonObject()
            .put(EdgeAssertion.CLIENT_IP, "203.0.113.7")
            .put(EdgeAssertion.ROUTE, "/api/server/status")
            .put(EdgeAssertion.METHOD, "GET")
            .put(EdgeAssertion.PATH, "/api/server/status")
            .put(EdgeAssertion.REQUEST_ID, "r-1")
            .put(EdgeAssertion.DEADLINE, 1764000000000L)
            .put(EdgeAssertion.TIMEOUT, 3000L)
            .put(EdgeAssertion.NONCE, Long.toHexString(0x5eed_0000_0000L + n))
            .put("iss", EdgeAssertion.ISSUER)
            .put("aud", EdgeAssertion.AUDIENCE)
            .put("iat", now)
            .put("exp", now + 30));
  }

  private static ErrorCode errorOf(Future<String> verdict) {
    assertThat(verdict.failed()).as("refused").isTrue();
    return ((ApiError) verdict.cause()).code();
  }
}
