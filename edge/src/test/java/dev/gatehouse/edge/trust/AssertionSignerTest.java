package dev.gatehouse.edge.trust;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.shared.trust.EdgeAssertion;
import dev.gatehouse.shared.trust.HmacTokens;
import dev.gatehouse.shared.trust.SharedSecret;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/**
 * Assertions made one after another on one thread, which reuses its claims writer: each states its
 * own request whole, whatever the one before it held.
 */
class AssertionSignerTest {

  private final SharedSecret secret = SharedSecret.generate();
  private final AssertionSigner signer = new AssertionSigner(secret, Duration.ofSeconds(30));
  private final HmacTokens tokens = new HmacTokens(secret);

  @Test
  void eachAssertionHoldsOnlyItsOwnRequest() {
    JsonObject keyed = claims(request("/api/register", "website"));
    JsonObject open = claims(request("/api/server/status", null));
    JsonObject again = claims(request("/api/register", "website"));

    assertThat(keyed.getString(EdgeAssertion.PATH)).isEqualTo("/api/register");
    assertThat(keyed.getString(EdgeAssertion.KEY_NAME)).isEqualTo("website");
    assertThat(open.getString(EdgeAssertion.PATH)).isEqualTo("/api/server/status");
    assertThat(open.containsKey(EdgeAssertion.KEY_NAME)).isFalse();
    assertThat(again.fieldNames()).isEqualTo(keyed.fieldNames());
    assertThat(again.getString(EdgeAssertion.NONCE))
        .isNotEqualTo(keyed.getString(EdgeAssertion.NONCE));
  }

  @Test
  void textThatJsonMustEscapeComesBackAsSent() {
    String path = "/api/say/\"quoted\"\\back\u00e9\u4e16";

    assertThat(claims(request(path, "site \"one\"")).getString(EdgeAssertion.PATH)).isEqualTo(path);
    assertThat(claims(request("/next", null)).getString(EdgeAssertion.PATH)).isEqualTo("/next");
  }

  /** The claims of a new assertion, checked to be one JSON object and nothing around it. */
  private JsonObject claims(AssertionSigner.Request request) {
    String token = signer.sign(request);
    String payload = token.substring(token.indexOf('.') + 1, token.lastIndexOf('.'));
    String text = new String(Base64.getUrlDecoder().decode(payload), StandardCharsets.UTF_8);
    assertThat(text).startsWith("{").endsWith("}");
    return tokens.verify(token).orElseThrow();
  }

  private static AssertionSigner.Request request(String path, String keyName) {
    return new AssertionSigner.Request(
        "203.0.113.7", keyName, "/api/*", "POST", path, "req-1", 1_795_000_000_000L, 15_000);
  }
}
