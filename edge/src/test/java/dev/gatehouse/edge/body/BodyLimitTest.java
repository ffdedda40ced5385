package dev.gatehouse.edge.body;

import static dev.gatehouse.shared.testing.Await.result;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.edge.testing.PolicyEdgeTest;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Body size and media type, with and without a Content-Length. */
@ExtendWith(VertxExtension.class)
class BodyLimitTest extends PolicyEdgeTest {

  @Test
  void oversizedBodyIs413BeforeTheAgentIsContacted() {
    HttpResponse<Buffer> response = register(KEY, "{\"x\":\"" + "a".repeat(17 * 1024) + "\"}");

    assertThat(response.statusCode()).isEqualTo(413);
    assertThat(response.bodyAsJsonObject().getString("error")).isEqualTo("payload_too_large");
    assertThat(origin.requests()).isZero();
  }

  @Test
  void nonJsonBodyIs415() {
    HttpResponse<Buffer> response =
        result(
            client
                .post(edge.httpsPort(), "localhost", "/api/register")
                .putHeader("X-API-Key", KEY)
                .putHeader("Content-Type", "text/plain")
                .sendBuffer(Buffer.buffer("login=x")));

    assertThat(response.statusCode()).isEqualTo(415);
    assertThat(response.bodyAsJsonObject().getString("error")).isEqualTo("unsupported_media_type");
    assertThat(origin.requests()).isZero();
  }

  @ParameterizedTest
  @EnumSource(
      value = HttpVersion.class,
      names = {"HTTP_1_1", "HTTP_2"})
  void bodyWithoutLengthOverTheLimitIs413AndNeverForwarded(HttpVersion version, Vertx vertx) {
    Answer response = sendWithoutLength(vertx, version, 20, 1024);

    assertThat(response.status()).isEqualTo(413);
    assertThat(response.body().toJsonObject().getString("error")).isEqualTo("payload_too_large");
    assertThat(origin.requests()).isZero();
  }

  @ParameterizedTest
  @EnumSource(
      value = HttpVersion.class,
      names = {"HTTP_1_1", "HTTP_2"})
  void bodyWithoutLengthWithinTheLimitIsForwardedWhole(HttpVersion version, Vertx vertx) {
    Answer response = sendWithoutLength(vertx, version, 15, 1024);

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.seenLength()).isEqualTo(String.valueOf(15 * 1024));
    assertThat(origin.requests()).isEqualTo(1);
  }
}
