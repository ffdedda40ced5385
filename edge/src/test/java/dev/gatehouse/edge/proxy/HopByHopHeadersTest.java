package dev.gatehouse.edge.proxy;

import static dev.gatehouse.shared.testing.Await.result;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.edge.Edge;
import dev.gatehouse.edge.testing.TestEdges;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.junit5.VertxExtension;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class HopByHopHeadersTest {

  @Test
  void originConnectionHeadersDoNotReachTheClient(Vertx vertx) throws Exception {
    // Like nginx or most HTTP/1.1 servers: names its own connection's options in the response.
    int origin =
        TestEdges.origin(
            vertx,
            request ->
                request
                    .response()
                    .putHeader("Connection", "keep-alive, X-Hop")
                    .putHeader("Keep-Alive", "timeout=60")
                    .putHeader("X-Hop", "origin-only")
                    .putHeader("X-Kept", "end-to-end")
                    .end("{}"));

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

  @Test
  void clientConnectionHeadersAndProxyCredentialsDoNotReachTheAgent(Vertx vertx) throws Exception {
    // The agent's view: every header it was sent, as JSON.
    int origin =
        TestEdges.origin(
            vertx,
            request -> {
              JsonObject seen = new JsonObject();
              request
                  .headers()
                  .forEach(
                      (name, value) -> {
                        // A header sent twice shows as both values, joined.
                        String key = name.toLowerCase();
                        seen.put(
                            key, seen.containsKey(key) ? seen.getString(key) + "|" + value : value);
                      });
              request.response().putHeader("Content-Type", "application/json").end(seen.encode());
            });

    try (Edge edge = TestEdges.start(origin)) {
      HttpResponse<Buffer> response =
          result(
              TestEdges.client(vertx, HttpVersion.HTTP_1_1)
                  .get(edge.httpsPort(), "localhost", "/api/server/status")
                  // A client naming the edge's own headers cannot take them off the request.
                  .putHeader(
                      "Connection",
                      "keep-alive, X-Hop, X-Request-Id, X-Forwarded-For, X-Gatehouse-Deadline")
                  .putHeader("X-Hop", "client-only")
                  .putHeader("Proxy-Authorization", "Basic c2VjcmV0")
                  .putHeader("X-Kept", "end-to-end")
                  // Nor send their own under those names, in any case.
                  .putHeader("x-forwarded-proto", "http")
                  .putHeader("Forwarded", "for=198.51.100.9")
                  .putHeader("x-gatehouse-timeout", "1")
                  .putHeader("X-Gatehouse-Assertion", "forged")
                  .send());

      assertThat(response.statusCode()).isEqualTo(200);
      JsonObject seen = response.bodyAsJsonObject();
      assertThat(seen.getString("x-kept")).isEqualTo("end-to-end");
      assertThat(seen.getString("x-request-id")).isNotBlank();
      assertThat(seen.getString("x-forwarded-for")).isEqualTo("127.0.0.1");
      assertThat(seen.getString("x-gatehouse-deadline")).isNotBlank();
      assertThat(seen.getString("x-forwarded-proto")).isEqualTo("https");
      assertThat(seen.getString("x-gatehouse-timeout")).isNotEqualTo("1");
      assertThat(seen.fieldNames())
          .doesNotContain(
              "x-hop",
              "proxy-authorization",
              "keep-alive",
              "transfer-encoding",
              "forwarded",
              "x-gatehouse-assertion");
      assertThat(seen.getString("connection", "keep-alive")).isEqualTo("keep-alive");
      assertThat(seen.getString("host")).isEqualTo("127.0.0.1:" + origin);
    }
  }

  @Test
  void anHttp10ClientGetsAChunkedAnswerWholeWithItsLength(Vertx vertx) throws Exception {
    String body = "{\"part\":1}".repeat(2_000);
    int origin =
        TestEdges.origin(
            vertx,
            request -> {
              HttpServerResponse out = request.response().setChunked(true);
              out.write(body.substring(0, 7_000));
              out.end(body.substring(7_000));
            });

    try (Edge edge = TestEdges.start(origin)) {
      HttpResponse<Buffer> http10 =
          result(
              WebClient.create(
                      vertx,
                      new WebClientOptions(
                          TestEdges.clientOptions(HttpVersion.HTTP_1_0).setUseAlpn(false)))
                  .get(edge.httpsPort(), "localhost", "/api/server/status")
                  .send());
      assertThat(http10.statusCode()).isEqualTo(200);
      assertThat(http10.version()).isEqualTo(HttpVersion.HTTP_1_0);
      assertThat(http10.getHeader("Content-Length")).isEqualTo(String.valueOf(body.length()));
      assertThat(http10.getHeader("Transfer-Encoding")).isNull();
      assertThat(http10.bodyAsString()).isEqualTo(body);

      HttpResponse<Buffer> http11 =
          result(
              TestEdges.client(vertx, HttpVersion.HTTP_1_1)
                  .get(edge.httpsPort(), "localhost", "/api/server/status")
                  .send());
      assertThat(http11.getHeader("Transfer-Encoding")).isEqualTo("chunked");
      assertThat(http11.bodyAsString()).isEqualTo(body);
    }
  }

  @Test
  void answersWithoutABodyKeepTheirHeadersAndSendNone(Vertx vertx) throws Exception {
    int origin =
        TestEdges.origin(
            vertx,
            request -> {
              if (request.getHeader("X-Want") != null) {
                request.response().setStatusCode(204).putHeader("X-Seen", "yes").end();
              } else {
                // A HEAD answer names the length its GET would have.
                request
                    .response()
                    .putHeader("Content-Type", "application/json")
                    .putHeader("Content-Length", "11")
                    .end();
              }
            });

    try (Edge edge = TestEdges.start(origin)) {
      for (HttpVersion version : new HttpVersion[] {HttpVersion.HTTP_2, HttpVersion.HTTP_1_1}) {
        WebClient client = TestEdges.client(vertx, version);
        HttpResponse<Buffer> noContent =
            result(
                client
                    .get(edge.httpsPort(), "localhost", "/api/server/status")
                    .putHeader("X-Want", "204")
                    .send());
        assertThat(noContent.statusCode()).isEqualTo(204);
        assertThat(noContent.getHeader("X-Seen")).isEqualTo("yes");
        assertThat(noContent.body()).isNull();
        // The origin sent no Date: a proxy adds one (RFC 9110 section 6.6.1).
        assertThat(noContent.getHeader("Date"))
            .matches("[A-Z][a-z]{2}, \\d{2} [A-Z][a-z]{2} \\d{4} \\d{2}:\\d{2}:\\d{2} GMT");

        HttpResponse<Buffer> head =
            result(client.head(edge.httpsPort(), "localhost", "/api/server/status").send());
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.getHeader("Content-Length")).isEqualTo("11");
        assertThat(head.body()).isNull();
      }
    }
  }

  @Test
  void aHeaderTheEdgeSetIsNotDoubledByTheAgentsOwnWhileRepeatedHeadersStayWhole(Vertx vertx)
      throws Exception {
    int origin =
        TestEdges.origin(
            vertx,
            request ->
                request
                    .response()
                    .putHeader("Access-Control-Allow-Origin", "*")
                    .putHeader("Set-Cookie", List.<String>of("a=1", "b=2"))
                    .putHeader("Content-Type", "application/json")
                    .end("{}"));
    String yaml =
        """
        cors: {allowed_origins: ["https://game.example.com"]}
        upstreams:
          agent:
            targets: ["127.0.0.1:%d"]
        routes:
          - path: /api/server/status
            methods: [GET]
            upstream: agent
        """
            .formatted(origin);

    try (Edge edge = TestEdges.start(yaml)) {
      for (HttpVersion version : new HttpVersion[] {HttpVersion.HTTP_2, HttpVersion.HTTP_1_1}) {
        HttpResponse<Buffer> response =
            result(
                TestEdges.client(vertx, version)
                    .get(edge.httpsPort(), "localhost", "/api/server/status")
                    .putHeader("Origin", "https://game.example.com")
                    .send());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().getAll("Access-Control-Allow-Origin"))
            .containsExactly("https://game.example.com");
        assertThat(response.headers().getAll("Set-Cookie")).containsExactly("a=1", "b=2");
      }
    }
  }
}
