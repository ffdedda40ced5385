package dev.gatehouse.edge.cors;

import static dev.gatehouse.shared.testing.Await.result;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.edge.testing.PolicyEdgeTest;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** CORS at the edge: preflights answered here, headers only for allowed origins. */
@ExtendWith(VertxExtension.class)
class CorsTest extends PolicyEdgeTest {

  @Test
  void preflightFromAllowedOriginIsAnsweredAtTheEdge() {
    HttpResponse<Buffer> response = preflight(SITE);

    assertThat(response.statusCode()).isEqualTo(204);
    assertThat(response.getHeader("Access-Control-Allow-Origin")).isEqualTo(SITE);
    assertThat(response.getHeader("Access-Control-Allow-Headers"))
        .contains("Content-Type", "X-API-Key");
    assertThat(response.getHeader("Access-Control-Allow-Methods")).contains("POST");
    assertThat(response.getHeader("Access-Control-Max-Age")).isEqualTo("600");
    assertThat(response.getHeader("Vary")).contains("Origin");
    assertThat(origin.requests()).isZero();
  }

  @Test
  void preflightIsAnsweredWithTheMethodsOfTheRouteItAsksAbout() {
    HttpResponse<Buffer> status =
        result(
            client
                .request(HttpMethod.OPTIONS, edge.httpsPort(), "localhost", "/api/server/status")
                .putHeader("Origin", SITE)
                .putHeader("Access-Control-Request-Method", "GET")
                .send());

    assertThat(status.statusCode()).isEqualTo(204);
    assertThat(status.getHeader("Access-Control-Allow-Methods")).isEqualTo("GET");
    assertThat(preflight(SITE).getHeader("Access-Control-Allow-Methods")).isEqualTo("POST");
  }

  @Test
  void preflightFromOtherOriginIs403WithoutCorsHeaders() {
    HttpResponse<Buffer> response = preflight("https://evil.example.net");

    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(response.getHeader("Access-Control-Allow-Origin")).isNull();
    assertThat(response.getHeader("Vary")).contains("Origin");
    assertThat(origin.requests()).isZero();
  }

  @Test
  void actualRequestsCarryCorsHeadersOnlyForTheAllowedOrigin() {
    HttpResponse<Buffer> allowed =
        result(
            client
                .get(edge.httpsPort(), "localhost", "/api/server/status")
                .putHeader("Origin", SITE)
                .send());
    HttpResponse<Buffer> other =
        result(
            client
                .get(edge.httpsPort(), "localhost", "/api/server/status")
                .putHeader("Origin", "https://evil.example.net")
                .send());
    HttpResponse<Buffer> none =
        result(client.get(edge.httpsPort(), "localhost", "/api/server/status").send());

    assertThat(allowed.getHeader("Access-Control-Allow-Origin")).isEqualTo(SITE);
    assertThat(other.getHeader("Access-Control-Allow-Origin")).isNull();
    assertThat(List.of(allowed, other, none))
        .allSatisfy(r -> assertThat(r.getHeader("Vary")).contains("Origin"));
  }
}
