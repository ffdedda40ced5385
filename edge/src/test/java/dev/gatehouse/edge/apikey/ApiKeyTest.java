package dev.gatehouse.edge.apikey;

import static dev.gatehouse.shared.testing.Await.result;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.gatehouse.edge.config.EdgeConfig;
import dev.gatehouse.edge.testing.PolicyEdgeTest;
import dev.gatehouse.edge.testing.TestEdges;
import dev.gatehouse.shared.testing.TestYaml;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;

/** The API-key policy: keys by name, public keys only from allowed origins, rotation. */
@ExtendWith(VertxExtension.class)
class ApiKeyTest extends PolicyEdgeTest {

  @Test
  void missingOrWrongKeyIs403AndNeverReachesTheAgent() {
    HttpResponse<Buffer> missing = register(null, "{}");
    HttpResponse<Buffer> wrong = register(KEY + "x", "{}");

    for (HttpResponse<Buffer> response : List.of(missing, wrong)) {
      assertThat(response.statusCode()).isEqualTo(403);
      assertThat(response.bodyAsJsonObject().getString("error")).isEqualTo("invalid_api_key");
    }
    assertThat(origin.requests()).isZero();
  }

  @Test
  void aPublicKeyCountsOnlyOnRequestsFromAPageOfAnAllowedOrigin() {
    HttpResponse<Buffer> noOrigin = register(PAGE_KEY, null, "{}");
    HttpResponse<Buffer> otherOrigin = register(PAGE_KEY, "https://copycat.example.net", "{}");
    HttpResponse<Buffer> fromSite = register(PAGE_KEY, SITE, "{}");

    for (HttpResponse<Buffer> refused : List.of(noOrigin, otherOrigin)) {
      assertThat(refused.statusCode()).isEqualTo(403);
      assertThat(refused.bodyAsJsonObject().getString("error")).isEqualTo("invalid_api_key");
    }
    assertThat(fromSite.statusCode()).isEqualTo(200);
    assertThat(fromSite.getHeader("Access-Control-Allow-Origin")).isEqualTo(SITE);
    assertThat(origin.requests()).isEqualTo(1);
  }

  @Test
  void aSecretKeySentByAWebPageWorksAndIsReportedOnceByNameOnly() {
    ListAppender<ILoggingEvent> warnings = new ListAppender<>();
    warnings.start();
    Logger handlerLog = (Logger) LoggerFactory.getLogger(ApiKeyHandler.class);
    handlerLog.addAppender(warnings);
    try {
      HttpResponse<Buffer> first = register(KEY, SITE, "{}");
      HttpResponse<Buffer> second = register(KEY, SITE, "{}");

      assertThat(first.statusCode()).isEqualTo(200);
      assertThat(second.statusCode()).isEqualTo(200);
      assertThat(warnings.list).hasSizeLessThanOrEqualTo(2); // once per event loop at most
      assertThat(warnings.list).isNotEmpty();
      assertThat(warnings.list.get(0).getFormattedMessage())
          .contains("'website'", SITE, "public: true")
          .doesNotContain(KEY);
    } finally {
      handlerLog.detachAppender(warnings);
    }
  }

  @Test
  void aPublicKeyWithoutAllowedOriginsStopsStartUpNamingTheKey() {
    String yaml =
        """
        tls: {cert: %s, key: %s}
        api_keys:
          - {name: website-page, sha256: %s, public: true}
        upstreams:
          agent: {targets: ["127.0.0.1:1"]}
        routes:
          - {path: /api/register, methods: [POST], upstream: agent, api_key: required}
        """
            .formatted(
                TestEdges.CERTIFICATE.certificatePath(),
                TestEdges.CERTIFICATE.privateKeyPath(),
                HexFormat.of().formatHex(ApiKeys.sha256(PAGE_KEY)));

    assertThatThrownBy(() -> EdgeConfig.from(TestYaml.parse(yaml)))
        .hasMessageContaining("api_keys[0].public")
        .hasMessageContaining("cors.allowed_origins");
  }

  @Test
  void aKeyNotListedForTheRouteIsRefusedThereOnly() {
    HttpResponse<Buffer> listed = post("/api/partner", NEXT_KEY);
    HttpResponse<Buffer> unlisted = post("/api/partner", KEY);

    assertThat(listed.statusCode()).isEqualTo(200);
    assertThat(unlisted.statusCode()).isEqualTo(403);
    assertThat(unlisted.bodyAsJsonObject().getString("error")).isEqualTo("invalid_api_key");
    assertThat(register(KEY, "{}").statusCode()).isEqualTo(200);
    assertThat(origin.requests()).isEqualTo(2);
  }

  private HttpResponse<Buffer> post(String path, String key) {
    return result(
        client
            .post(edge.httpsPort(), "localhost", path)
            .putHeader("X-API-Key", key)
            .sendBuffer(Buffer.buffer("{}")));
  }

  @Test
  void bothKeysOfARotationAreAcceptedAndTheKeyStaysAtTheEdge() {
    HttpResponse<Buffer> current = register(KEY, "{}");
    HttpResponse<Buffer> next = register(NEXT_KEY, "{}");

    assertThat(current.statusCode()).isEqualTo(200);
    assertThat(next.statusCode()).isEqualTo(200);
    assertThat(current.getHeader("X-Seen-Api-Key")).isEqualTo("null");
    assertThat(origin.requests()).isEqualTo(2);
  }
}
