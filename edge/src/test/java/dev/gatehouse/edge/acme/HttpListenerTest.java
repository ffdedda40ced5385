package dev.gatehouse.edge.acme;

import static dev.gatehouse.shared.testing.Await.result;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.gatehouse.edge.Edge;
import dev.gatehouse.edge.config.EdgeConfig;
import dev.gatehouse.edge.testing.TestEdges;
import dev.gatehouse.shared.testing.TestYaml;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
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
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    ListAppender<ILoggingEvent> logs = new ListAppender<>();
    logs.start();
    root.addAppender(logs);
    String answer;
    try (Socket socket = new Socket("127.0.0.1", edge.httpPort())) {
      socket.getOutputStream().write("GET / HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
    } finally {
      Thread.sleep(200);
      root.detachAppender(logs);
    }

    assertThat(answer).startsWith("HTTP/1.0 400").contains("\"error\":\"bad_request\"");
    assertThat(logs.list)
        .filteredOn(e -> e.getLevel().isGreaterOrEqual(Level.WARN))
        .hasSizeLessThanOrEqualTo(1);
    assertThat(logs.list).allSatisfy(e -> assertThat(e.getThrowableProxy()).isNull());
  }

  private HttpResponse<Buffer> get(String uri) {
    return result(client.get(edge.httpPort(), "localhost", uri).send());
  }
}
