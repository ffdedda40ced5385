package dev.gatehouse.edge.framing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.edge.Edge;
import dev.gatehouse.edge.testing.AccessLog;
import dev.gatehouse.edge.testing.CountingOrigin;
import dev.gatehouse.edge.testing.EchoOrigin;
import dev.gatehouse.edge.testing.RawTls;
import dev.gatehouse.edge.testing.Scrape;
import dev.gatehouse.edge.testing.TestEdges;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** HTTP/1.1 framing as an attacker sends it (RFC 9112), over raw TLS sockets. */
@ExtendWith(VertxExtension.class)
class FramingTest {

  private CountingOrigin origin;
  private Edge edge;

  @BeforeEach
  void start(Vertx vertx) throws Exception {
    origin = new CountingOrigin(vertx);
    edge = TestEdges.start(origin.port());
  }

  @AfterEach
  void stop() {
    edge.close();
  }

  @Test
  void contentLengthWithTransferEncodingIs400AndClosesTheConnectionInEitherOrder()
      throws Exception {
    for (String headers :
        new String[] {
          "Content-Length: 5\r\nTransfer-Encoding: chunked\r\n",
          "Transfer-Encoding: chunked\r\nContent-Length: 5\r\n"
        }) {
      RawTls.Reply reply =
          send("POST /stats/x HTTP/1.1\r\nHost: localhost\r\n" + headers + "\r\n0\r\n\r\n");

      assertRefused(reply, 400, "bad_request");
    }
    assertThat(origin.requests()).isZero();
  }

  @Test
  void transferEncodingAsTwoLinesIs400() throws Exception {
    RawTls.Reply reply =
        send(
            "POST /stats/x HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n"
                + "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n");

    assertRefused(reply, 400, "bad_request");
    assertThat(origin.requests()).isZero();
  }

  @Test
  void transferEncodingOnHttp10Is400() throws Exception {
    RawTls.Reply reply =
        send(
            "POST /stats/x HTTP/1.0\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "0\r\n\r\n");

    assertRefused(reply, 400, "bad_request");
    assertThat(origin.requests()).isZero();
  }

  @Test
  void aTransferEncodingOtherThanChunkedAloneIs400AndClosesTheConnection() throws Exception {
    for (String coding :
        new String[] {
          "gzip", "identity", "", "chunked, gzip", "gzip, chunked", "chunked, chunked"
        }) {
      RawTls.Reply reply =
          send(
              "POST /stats/x HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: "
                  + coding
                  + "\r\n\r\n0\r\n\r\n");

      assertThat(reply.status()).as(coding).isEqualTo(400);
      assertRefused(reply, 400, "bad_request");
    }
    // Without a length a gzip-coded body would have been read as the connection's next request.
    RawTls.Reply smuggled =
        send(
            "POST /stats/x HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: gzip\r\n\r\n"
                + "GET /api/server/status HTTP/1.1\r\nHost: localhost\r\n\r\n");
    assertRefused(smuggled, 400, "bad_request");
    assertThat(origin.requests()).isZero();
  }

  @Test
  void aTargetWithAByteAUriMayNotHoldOrABrokenEscapeIs400() throws Exception {
    for (String target :
        new String[] {
          "/stats/%zz",
          "/stats/a%2",
          "/stats/a%",
          "/stats/a\"b",
          "/stats/a<b>",
          "/stats/a\u0001b",
          "/stats/a\u007fb",
          "/stats/\u00ff",
          "/stats/a#b",
          "/stats/x?q=%g1"
        }) {
      RawTls.Reply reply = send("GET " + target + " HTTP/1.1\r\nHost: localhost\r\n\r\n");

      assertThat(reply.status()).as(target).isEqualTo(400);
      assertRefused(reply, 400, "bad_request");
    }
    assertThat(origin.requests()).isZero();
    // What browsers send as it is still passes.
    assertThat(
            send("GET /stats/a%20b|c^d?x[]=1&y={2}\\ HTTP/1.1\r\nHost: localhost\r\n\r\n").status())
        .isEqualTo(200);
  }

  @Test
  void aChunkedBodyTheCodecCannotReadIs400AndClosesTheConnection() throws Exception {
    for (String body :
        new String[] {"zz\r\nhello\r\n0\r\n\r\n", "5\nhello\n0\n\n", "-5\r\nhello\r\n0\r\n\r\n"}) {
      RawTls.Reply reply =
          send(
              "POST /stats/x HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n\r\n"
                  + body);

      assertThat(reply.status()).as(body).isEqualTo(400);
      assertRefused(reply, 400, "bad_request");
    }
    assertThat(origin.requests()).isZero();
  }

  @Test
  void aHeaderNameOrMethodThatIsNoTokenOrATunnelIs400() throws Exception {
    for (String request :
        new String[] {
          "GET /api/server/status HTTP/1.1\r\nHost: localhost\r\nx(y): 1\r\n\r\n",
          "GET /api/server/status HTTP/1.1\r\nHost: localhost\r\nx\"y: 1\r\n\r\n",
          "GET /api/server/status HTTP/1.1\r\nHost: localhost\r\nx\u0001y: 1\r\n\r\n",
          "G(T /api/server/status HTTP/1.1\r\nHost: localhost\r\n\r\n",
          "G\u0001T /api/server/status HTTP/1.1\r\nHost: localhost\r\n\r\n",
          "CONNECT localhost:443 HTTP/1.1\r\nHost: localhost:443\r\n\r\n"
        }) {
      RawTls.Reply reply = send(request);

      assertThat(reply.status()).as(request).isEqualTo(400);
      assertRefused(reply, 400, "bad_request");
    }
    assertThat(origin.requests()).isZero();
  }

  @Test
  void http11WithoutAHostOrWithOneThatIsNoHostIs400() throws Exception {
    assertRefused(send("GET /api/server/status HTTP/1.1\r\n\r\n"), 400, "bad_request");
    assertRefused(
        send("GET /api/server/status HTTP/1.1\r\nHost: a:99999\r\n\r\n"), 400, "bad_request");
    assertRefused(send("GET /api/server/status HTTP/1.1\r\nHost: a b\r\n\r\n"), 400, "bad_request");
    assertThat(origin.requests()).isZero();
  }

  @Test
  void aRefusalHasItsAccessLineAndIsCountedAsARejection(Vertx vertx) throws Exception {
    RawTls.Reply reply;
    JsonObject line;
    try (AccessLog log = AccessLog.capture()) {
      reply = send("DELETE /api/server/status?token=t HTTP/1.1\r\n\r\n");
      line = log.lines(1).get(0);
    }

    assertRefused(reply, 400, "bad_request");
    assertThat(line.getString("method")).isEqualTo("DELETE");
    assertThat(line.getString("path")).isEqualTo("/api/server/status");
    assertThat(line.getInteger("status")).isEqualTo(400);
    assertThat(line.getString("rejected_by")).isEqualTo("bad_request");
    assertThat(line.getString("client_ip")).isEqualTo("127.0.0.1");
    assertThat(line.getString("request_id")).isEqualTo(reply.headers().get("x-request-id"));
    Scrape scrape = Scrape.of(WebClient.create(vertx), edge.adminPort());
    assertThat(
            scrape.value(
                "gatehouse_edge_rejections_total",
                Map.of("route", "none", "policy", "framing", "error", "bad_request")))
        .isEqualTo(1.0);
    assertThat(
            scrape.value(
                "gatehouse_edge_requests_total",
                Map.of("route", "none", "method", "DELETE", "status", "4xx")))
        .isEqualTo(1.0);
  }

  @Test
  void aDecisiveHeaderSentTwiceIs400() throws Exception {
    RawTls.Reply hosts =
        send("GET /api/server/status HTTP/1.1\r\nHost: localhost\r\nHost: evil.example\r\n\r\n");
    RawTls.Reply keys =
        send(
            "GET /api/server/status HTTP/1.1\r\nHost: localhost\r\nX-API-Key: a\r\n"
                + "X-API-Key: b\r\n\r\n");

    assertRefused(hosts, 400, "bad_request");
    assertRefused(keys, 400, "bad_request");
    assertThat(origin.requests()).isZero();
  }

  @Test
  void everyDecisiveHeaderSentTwiceIs400WhateverTheCaseOfEitherCopy() throws Exception {
    for (String name : HeaderCounter.SINGLE) {
      String host = name.equals("host") ? "" : "Host: localhost\r\n";
      RawTls.Reply reply =
          send(
              "GET /api/server/status HTTP/1.1\r\n"
                  + host
                  + name.toUpperCase(Locale.ROOT)
                  + ": 1\r\nX-Between: x\r\n"
                  + name
                  + ": 1\r\n\r\n");

      assertThat(reply.status()).as(name).isEqualTo(400);
      assertRefused(reply, 400, "bad_request");
    }
    assertThat(origin.requests()).isZero();
  }

  @Test
  void moreHeadersThanMaxHeadersIs431() throws Exception {
    assertRefusedWith120Headers(i -> "X-Filler-" + i + ": x");
  }

  @Test
  void oneHeaderNameRepeatedPastMaxHeadersIs431() throws Exception {
    assertRefusedWith120Headers(i -> "X-Filler: " + i);
  }

  /** A status request with 120 header lines after Host, the i-th {@code line.apply(i)}: a 431. */
  private void assertRefusedWith120Headers(IntFunction<String> line) throws Exception {
    StringBuilder request =
        new StringBuilder("GET /api/server/status HTTP/1.1\r\nHost: localhost\r\n");
    for (int i = 0; i < 120; i++) {
      request.append(line.apply(i)).append("\r\n");
    }
    RawTls.Reply reply = send(request.append("\r\n").toString());

    assertRefused(reply, 431, "headers_too_large");
    assertThat(origin.requests()).isZero();
  }

  @Test
  void unsupportedHttpVersionIs505() throws Exception {
    RawTls.Reply reply = send("GET /api/server/status HTTP/1.2\r\nHost: localhost\r\n\r\n");

    assertRefused(reply, 505, "http_version_not_supported");
    assertThat(origin.requests()).isZero();
  }

  @Test
  void errorsOfTheCodecItselfHaveTheJsonShape() throws Exception {
    RawTls.Reply longTarget =
        send("GET /" + "a".repeat(10_000) + " HTTP/1.1\r\nHost: localhost\r\n\r\n");
    RawTls.Reply largeHeaders =
        send(
            "GET /api/server/status HTTP/1.1\r\nHost: localhost\r\nX-Big: "
                + "b".repeat(10_000)
                + "\r\n\r\n");
    RawTls.Reply garbage = send("GET\r\n\r\n");

    assertRefused(longTarget, 414, "uri_too_long");
    assertRefused(largeHeaders, 431, "headers_too_large");
    assertRefused(garbage, 400, "bad_request");
  }

  @Test
  void anAbsoluteFormTargetIsForwardedAsItsPathOnly(Vertx vertx) throws Exception {
    try (Edge echoing = TestEdges.start(EchoOrigin.start(vertx))) {
      RawTls.Reply reply =
          RawTls.exchange(
              echoing.httpsPort(),
              "GET http://evil.example/api/server/status?x=1 HTTP/1.1\r\nHost: localhost\r\n\r\n");

      assertThat(reply.status()).isEqualTo(200);
      assertThat(reply.headers().get("x-seen-uri")).isEqualTo("/api/server/status?x=1");
    }
  }

  @Test
  void aTargetWithDotSegmentsIsForwardedAsTheNormalisedPathItMatched(Vertx vertx) throws Exception {
    try (Edge echoing = TestEdges.start(EchoOrigin.start(vertx))) {
      RawTls.Reply reply =
          RawTls.exchange(
              echoing.httpsPort(),
              "GET /stats/../api/server/status HTTP/1.1\r\nHost: localhost\r\n\r\n");

      assertThat(reply.status()).isEqualTo(200);
      assertThat(reply.headers().get("x-seen-uri")).isEqualTo("/api/server/status");
    }
  }

  @Test
  void aWellFramedRequestKeepsItsConnection() throws Exception {
    RawTls.Reply reply =
        send(
            "POST /stats/x HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "2\r\nhi\r\n0\r\n\r\n");

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.closed()).isFalse();
    assertThat(origin.requests()).isEqualTo(1);
  }

  private RawTls.Reply send(String request) throws Exception {
    return RawTls.exchange(edge.httpsPort(), request);
  }

  private static void assertRefused(RawTls.Reply reply, int status, String code) {
    assertThat(reply.status()).isEqualTo(status);
    // The headers every answer of the edge carries.
    assertThat(reply.headers().get("strict-transport-security")).startsWith("max-age=");
    assertThat(reply.headers().get("x-content-type-options")).isEqualTo("nosniff");
    assertThat(reply.headers().get("x-request-id")).isNotBlank();
    assertThat(reply.headers().get("content-type")).isEqualTo("application/json");
    assertThat(new JsonObject(reply.body()).getString("error")).isEqualTo(code);
    assertThat(new JsonObject(reply.body()).getBoolean("ok")).isFalse();
    assertThat(reply.closed()).isTrue();
  }
}
