package dev.gatehouse.edge.framing;

import static dev.gatehouse.shared.testing.Await.result;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.edge.Edge;
import dev.gatehouse.edge.testing.CountingOrigin;
import dev.gatehouse.edge.testing.RawHttp2;
import dev.gatehouse.edge.testing.TestEdges;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2Headers;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The framing guard's header rules hold on HTTP/2 too, which every browser negotiates first. */
@ExtendWith(VertxExtension.class)
class Http2FramingTest {

  private CountingOrigin origin;
  private Edge edge;
  private WebClient client;

  @BeforeEach
  void start(Vertx vertx) throws Exception {
    origin = new CountingOrigin(vertx);
    edge = TestEdges.start(origin.port());
    client = TestEdges.client(vertx, HttpVersion.HTTP_2);
  }

  @AfterEach
  void stop() {
    edge.close();
  }

  @Test
  void everyDecisiveHeaderSentTwiceIs400() {
    for (String name : HeaderCounter.SINGLE) {
      if (name.equals("host") || name.equals("content-length")) {
        // HTTP/2 carries the host as :authority, and its codec resets a stream with two lengths.
        continue;
      }
      HttpRequest<Buffer> request = get("/api/server/status");
      request.headers().add(name.toUpperCase(Locale.ROOT), "1").add(name, "2");

      assertRefused(result(request.send()), 400, "bad_request", name);
    }
    assertThat(origin.requests()).isZero();
  }

  @Test
  void moreHeadersThanMaxHeadersIs431() {
    HttpRequest<Buffer> request = get("/api/server/status");
    for (int i = 0; i < 120; i++) {
      request.headers().add("x-filler", "v" + i);
    }

    assertRefused(result(request.send()), 431, "headers_too_large", "120 headers");
    assertThat(origin.requests()).isZero();
  }

  @Test
  void headersLargerThanMaxHeaderSizeAre431InTheJsonShape() {
    HttpRequest<Buffer> request = get("/api/server/status").putHeader("x-large", "a".repeat(9000));

    assertRefused(result(request.send()), 431, "headers_too_large", "9000 bytes");
    assertThat(origin.requests()).isZero();
  }

  @Test
  void aTargetWithABrokenEscapeIs400AndTheConnectionGoesOn() {
    assertRefused(result(get("/stats/%zz").send()), 400, "bad_request", "%zz");
    assertRefused(result(get("/stats/a%2").send()), 400, "bad_request", "%2");

    HttpResponse<Buffer> next = result(get("/api/server/status").send());
    assertThat(next.statusCode()).isEqualTo(200);
    assertThat(next.version()).isEqualTo(HttpVersion.HTTP_2);
    assertThat(origin.requests()).isEqualTo(1);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "a\u0000b",
        "a\u0001b",
        "a\rb",
        "a\nb",
        "a\r\nx-injected: 1",
        "a\r\n b",
        "a\u007fb",
        " a"
      })
  void aHeaderValueNoFieldValueRuleAllowsIs400AndNoAgentSeesIt(String value) throws Exception {
    RawHttp2.Reply reply =
        RawHttp2.get(edge.httpsPort(), "/api/server/status", Map.of("x-note", value));

    assertBadRequest(reply, "x-note");
  }

  @Test
  void suchRequestsCostTheAgentNothingAndATabIsAValueCharacter() throws Exception {
    // More in a row than the default ejection.max_failures: none may count against the agent.
    for (int i = 0; i < 12; i++) {
      RawHttp2.Reply reply =
          RawHttp2.get(edge.httpsPort(), "/api/server/status", Map.of("x-note", "a\u0001b"));
      assertThat(reply.status()).isEqualTo(400);
    }

    RawHttp2.Reply tab =
        RawHttp2.get(edge.httpsPort(), "/api/server/status", Map.of("x-note", "a\tb"));
    HttpResponse<Buffer> next = result(get("/api/server/status").send());

    assertThat(tab.status()).isEqualTo(200);
    assertThat(next.statusCode()).isEqualTo(200);
    assertThat(origin.requests()).isEqualTo(2);
  }

  @ParameterizedTest
  @ValueSource(strings = {"x y", "x:y", "x(y)", "x\"y", "x\u0001y", "x\u007fy"})
  void aHeaderNameNoTokenRuleAllowsIs400AndNoAgentSeesIt(String name) throws Exception {
    RawHttp2.Reply reply = RawHttp2.get(edge.httpsPort(), "/api/server/status", Map.of(name, "1"));

    assertBadRequest(reply, "header name");
  }

  static Stream<Arguments> targetsThatAreNoPath() {
    return Stream.of(
        Arguments.of("CONNECT", null),
        Arguments.of("GET", "api/server/status"),
        Arguments.of("GET", "http://evil.example/api/server/status"),
        Arguments.of("GET", "https://localhost/api/server/status"),
        Arguments.of("POST", "localhost:443"));
  }

  @ParameterizedTest
  @MethodSource("targetsThatAreNoPath")
  void aTargetThatIsNoPathIs400AndNoAgentSeesIt(String method, String path) throws Exception {
    // CONNECT names only an authority: no :scheme, no :path (RFC 9113 section 8.5).
    Http2Headers head = RawHttp2.head(edge.httpsPort()).method(method);
    if (path != null) {
      head.scheme("https").path(path);
    }

    RawHttp2.Reply reply = RawHttp2.send(edge.httpsPort(), head);

    assertBadRequest(reply, "not a path");
  }

  @ParameterizedTest
  @ValueSource(strings = {"GE T", "G\u0001T", "GET\r\nX-Injected: 1", "G:T", ""})
  void aMethodThatIsNoTokenResetsItsStreamOnlyAndNoAgentSeesIt(String method) throws Exception {
    Http2Headers bad =
        RawHttp2.head(edge.httpsPort()).method(method).scheme("https").path("/api/server/status");
    Http2Headers good =
        RawHttp2.head(edge.httpsPort()).method("GET").scheme("https").path("/api/server/status");

    List<RawHttp2.Reply> replies = RawHttp2.sendAll(edge.httpsPort(), List.of(bad, good));

    // RFC 9113 section 8.1.1: a malformed request is a stream error; the connection goes on.
    assertThat(replies.get(0).status()).isZero();
    assertThat(replies.get(0).resetCode()).isEqualTo(Http2Error.PROTOCOL_ERROR.code());
    assertThat(replies.get(1).status()).isEqualTo(200);
    assertThat(origin.requests()).isEqualTo(1);
  }

  @ParameterizedTest
  @ValueSource(strings = {"localhost", "evil.example"})
  void twoHostsWithoutAnAuthorityAre400AsOnHttp11(String second) throws Exception {
    Http2Headers head = hostOnly().add("host", second);

    RawHttp2.Reply reply = RawHttp2.send(edge.httpsPort(), head);

    assertBadRequest(reply, "host");
  }

  @Test
  void oneHostInsteadOfAnAuthorityIsServed() throws Exception {
    RawHttp2.Reply reply = RawHttp2.send(edge.httpsPort(), hostOnly());

    assertThat(reply.status()).isEqualTo(200);
    assertThat(origin.requests()).isEqualTo(1);
  }

  /** A GET naming its host in a Host header, as RFC 9113 section 8.3.1 allows, not :authority. */
  private Http2Headers hostOnly() {
    Http2Headers head =
        RawHttp2.head(edge.httpsPort()).method("GET").scheme("https").path("/api/server/status");
    head.remove(":authority");
    return head.add("host", "localhost");
  }

  private HttpRequest<Buffer> get(String path) {
    return client.get(edge.httpsPort(), "localhost", path);
  }

  private static void assertRefused(
      HttpResponse<Buffer> response, int status, String code, String what) {
    assertThat(response.version()).as(what).isEqualTo(HttpVersion.HTTP_2);
    assertThat(response.statusCode()).as(what).isEqualTo(status);
    assertThat(response.getHeader("content-type")).as(what).isEqualTo("application/json");
    assertThat(response.bodyAsJsonObject().getString("error")).as(what).isEqualTo(code);
    assertThat(response.getHeader("strict-transport-security")).as(what).startsWith("max-age=");
    assertThat(response.getHeader("x-content-type-options")).as(what).isEqualTo("nosniff");
    assertThat(response.getHeader("x-request-id")).as(what).isNotBlank();
  }

  /** Answered 400 {@code bad_request} on its stream, naming {@code what}; no agent saw it. */
  private void assertBadRequest(RawHttp2.Reply reply, String what) {
    assertThat(reply.status()).as(what).isEqualTo(400);
    JsonObject body = new JsonObject(reply.body());
    assertThat(body.getString("error")).as(what).isEqualTo("bad_request");
    assertThat(body.getString("message")).contains(what);
    assertThat(origin.requests()).as(what).isZero();
  }
}
