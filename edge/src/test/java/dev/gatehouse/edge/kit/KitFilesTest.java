package dev.gatehouse.edge.kit;

import static dev.gatehouse.shared.testing.Await.result;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.edge.Edge;
import dev.gatehouse.edge.config.EdgeConfig;
import dev.gatehouse.edge.testing.TestEdges;
import dev.gatehouse.shared.testing.TestYaml;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The edge serves the repository's {@code kit/} at {@code /kit/}, byte for byte, and nothing else.
 */
@ExtendWith(VertxExtension.class)
class KitFilesTest {

  static final Path KIT = Path.of("..", "kit");

  @ParameterizedTest
  @ValueSource(strings = {"gatehouse-register.js", "gatehouse-status.js"})
  void scriptsAreServedAsTheyAreInTheRepository(String file, Vertx vertx) throws Exception {
    try (Edge edge = startEdge("")) {
      HttpResponse<Buffer> response = get(vertx, edge, "/kit/" + file);

      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.getHeader("Content-Type")).startsWith("text/javascript");
      assertThat(response.getHeader("Cache-Control")).contains("max-age=3600");
      assertThat(response.getHeader("Last-Modified")).isNotBlank();
      assertThat(response.getHeader("X-Content-Type-Options")).isEqualTo("nosniff");
      assertThat(response.body().getBytes()).isEqualTo(Files.readAllBytes(KIT.resolve(file)));
    }
  }

  @Test
  void browsersRevalidateWithoutDownloadingAgain(Vertx vertx) throws Exception {
    try (Edge edge = startEdge("")) {
      String lastModified = get(vertx, edge, "/kit/gatehouse-status.js").getHeader("Last-Modified");
      WebClient client = TestEdges.client(vertx, HttpVersion.HTTP_1_1);
      HttpResponse<Buffer> again =
          result(
              client
                  .get(edge.httpsPort(), "localhost", "/kit/gatehouse-status.js")
                  .putHeader("If-Modified-Since", lastModified)
                  .send());

      assertThat(again.statusCode()).isEqualTo(304);
      assertThat(again.body()).isNull();
    }
  }

  @Test
  void theExamplePageIsServedToo(Vertx vertx) throws Exception {
    try (Edge edge = startEdge("")) {
      HttpResponse<Buffer> response = get(vertx, edge, "/kit/example.html");

      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.getHeader("Content-Type")).startsWith("text/html");
      assertThat(response.bodyAsString())
          .contains("data-gatehouse-register", "data-gatehouse-status");
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/kit/missing.js",
        "/kit/README.md",
        "/kit/",
        "/kit/../pom.xml",
        "/kit/%2e%2e/pom.xml"
      })
  void anythingElseUnderKitIsA404InTheErrorShape(String path, Vertx vertx) throws Exception {
    try (Edge edge = startEdge("")) {
      HttpResponse<Buffer> response = get(vertx, edge, path);

      assertThat(response.statusCode()).isEqualTo(404);
      assertThat(response.bodyAsJsonObject().getString("error")).isEqualTo("not_found");
    }
  }

  @Test
  void kitCanBeTurnedOff(Vertx vertx) throws Exception {
    try (Edge edge = startEdge("kit: {enabled: false}")) {
      assertThat(get(vertx, edge, "/kit/gatehouse-register.js").statusCode()).isEqualTo(404);
    }
  }

  private static HttpResponse<Buffer> get(Vertx vertx, Edge edge, String path) {
    WebClient client = TestEdges.client(vertx, HttpVersion.HTTP_1_1);
    return result(client.get(edge.httpsPort(), "localhost", path).send());
  }

  private static Edge startEdge(String extra) throws Exception {
    String yaml = TestEdges.yaml(TestEdges.freePort(), -1, TestEdges.freePort(), "") + extra + "\n";
    return Edge.start(EdgeConfig.from(TestYaml.parse(yaml)));
  }
}
