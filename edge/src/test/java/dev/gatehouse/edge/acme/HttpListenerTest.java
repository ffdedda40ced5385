package dev.gatehouse.edge.acme;

import static dev.gatehouse.shared.testing.Await.result;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.gatehouse.edge.Edge;
import dev.gatehouse.edge.config.EdgeConfig;
import dev.gatehouse.edge.testing.AccessLog;
import dev.gatehouse.edge.testing.TestEdges;
import dev.gatehouse.shared.testing.TestYaml;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.junit5.VertxExtension;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

@ExtendWith(VertxExtension.class)
class HttpListenerTest {

  @TempDir Path webroot;
  private Edge edge;
  private int httpsPort;
  private WebClient client;

  @BeforeEach
  void start(Vertx vertx) throws Exception {
    Path challenges = Files.createDirectories(webroot.resolve(".well-known/acme-challenge"));
    Files.writeString(challenges.resolve("tok3n"), "tok3n.account-thumbprint");
    Files.writeString(webroot.resolve("secret.txt"), "not for the public");
    httpsPort = TestEdges.freePort();
    String yaml = TestEdges.yaml(httpsPort, 0, 1, "") + "acme:\n  webroot: " + webroot + "\n";
    edge = Edge.start(EdgeConfig.from(TestYaml.parse(yaml)));
    client = WebClient.create(vertx, new WebClientOptions().setFollowRedirects(false));
  }

  @AfterEach
  void stop() {
    edge.close();
  }

  @Test
  void plainHttpGetIsRedirectedPermanentlyToHttps() {
    HttpResponse<Buffer> response = get("/api/server/status?x=1");

    assertThat(response.statusCode()).isEqualTo(301);
    assertThat(response.getHeader("Location"))
        .isEqualTo("https://localhost:" + httpsPort + "/api/server/status?x=1");
  }

  @Test
  void everyAnswerOfThePlainListenerHasItsAccessLine() throws Exception {
    JsonObject line;
    try (AccessLog log = AccessLog.capture()) {
      get("/api/server/status?x=1");
      line = log.lines(1).get(0);
    }

    assertThat(line.getString("listener")).isEqualTo("http");
    assertThat(line.getString("path")).isEqualTo("/api/server/status");
    assertThat(line.getInteger("status")).isEqualTo(301);
    assertThat(line.getString("client_ip")).isEqualTo("127.0.0.1");
    assertThat(line.getString("request_id")).isNotBlank();
  }

  @Test
  void plainHttpPostKeepsItsMethodOnRedirect() {
    HttpResponse<Buffer> response =
        result(client.post(edge.httpPort(), "localhost", "/api/register").send());

    assertThat(response.statusCode()).isEqualTo(308);
    assertThat(response.getHeader("Location"))
        .isEqualTo("https://localhost:" + httpsPort + "/api/register");
  }

  @Test
  void acmeChallengeIsServedFromTheWebroot() {
    HttpResponse<Buffer> response = get("/.well-known/acme-challenge/tok3n");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.bodyAsString()).isEqualTo("tok3n.account-thumbprint");
  }

  @Test
  void nothingOutsideTheChallengeFolderIsServed() {
    assertThat(get("/.well-known/acme-challenge/../../secret.txt").bodyAsString())
        .isNotEqualTo("not for the public");
    assertThat(get("/secret.txt").statusCode()).isEqualTo(301);
    assertThat(get("/.well-known/acme-challenge/missing").statusCode()).isEqualTo(404);
  }

  @Test
  void http10WithoutHostIsAJsonClientErrorLoggedOnOneLineAtMost() throws Exception {
    assertJsonBadRequestLoggedQuietly("GET / HTTP/1.0\r\n\r\n", "HTTP/1.0 400");
  }

  @Test
  void malformedRequestsAreJsonClientErrorsLoggedQuietly() throws Exception {
    for (String request :
        new String[] {
          "GET / HTTP/1.1\r\n\r\n",
          "GET / HTTP/1.1\r\nHost: a:99999\r\n\r\n",
          "GET /a%zz HTTP/1.1\r\nHost: localhost\r\n\r\n",
          "POST / HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n"
              + "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n"
        }) {
      assertJsonBadRequestLoggedQuietly(request, "HTTP/1.1 400");
    }
  }

  @Test
  void aChunkedPostIsRedirectedKeepingItsMethod() throws Exception {
    String answer =
        exchange(
            "POST /api/register HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n"
                + "Connection: close\r\n\r\n2\r\nhi\r\n0\r\n\r\n");

    assertThat(answer)
        .startsWith("HTTP/1.1 308")
        .contains("Location: https://localhost:" + httpsPort + "/api/register");
  }

  private void assertJsonBadRequestLoggedQuietly(String request, String statusLine)
      throws Exception {
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    ListAppender<ILoggingEvent> logs = new ListAppender<>();
    logs.start();
    root.addAppender(logs);
    String answer;
    try {
      answer = exchange(request);
    } finally {
      Thread.sleep(200);
      root.detachAppender(logs);
    }

    assertThat(answer).as(request).startsWith(statusLine).contains("\"error\":\"bad_request\"");
    assertThat(logs.list)
        .as(request)
        .filteredOn(e -> e.getLevel().isGreaterOrEqual(Level.WARN))
        .hasSizeLessThanOrEqualTo(1);
    assertThat(logs.list).allSatisfy(e -> assertThat(e.getThrowableProxy()).isNull());
  }

  /** Writes {@code request} on a new connection and reads until the edge closes it. */
  private String exchange(String request) throws Exception {
    try (Socket socket = new Socket("127.0.0.1", edge.httpPort())) {
      socket.setSoTimeout(10_000);
      socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
      return new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
    }
  }

  private HttpResponse<Buffer> get(String uri) {
    return result(client.get(edge.httpPort(), "localhost", uri).send());
  }
}
