package dev.gatehouse.edge.proxy;

import static dev.gatehouse.shared.testing.Await.result;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.edge.Edge;
import dev.gatehouse.edge.testing.TestEdges;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class HopByHopHeadersTest {

  @Test
  void originConnectionHeadersDoNotReachTheClient(Vertx vertx) throws Exception {
    // Like nginx or most HTTP/1.1 servers: names its own connection's options in the response.
    int origin =
        result(
                vertx
                    .createHttpServer()
                    .requestHandler(
                        request ->
                            request
                                .response()
                                .putHeader("Connection", "keep-alive, X-Hop")
                                .putHeader("Keep-Alive", "timeout=60")
                                .putHeader("X-Hop", "origin-only")
                                .putHeader("X-Kept", "end-to-end")
                                .end("{}"))
                    .listen(0, "127.0.0.1"))
            .actualPort();

    try (Edge edge = TestEdges.start(origin)) {
      for (HttpVersion version : new HttpVersion[] {HttpVersion.HTTP_2, HttpVersion.HTTP_1_1}) {
        HttpResponse<Buffer> response =
            result(
                TestEdges.client(vertx, version)
                    .get(edge.httpsPort(), "localhost", "/api/server/status")
                    .send());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.bodyAsString()).isEqualTo("{}");
        assertThat(response.getHeader("X-Kept")).isEqualTo("end-to-end");
        assertThat(response.getHeader("Connection")).isNull();
        assertThat(response.getHeader("Keep-Alive")).isNull();
        assertThat(response.getHeader("X-Hop")).isNull();
      }
    }
  }
}
