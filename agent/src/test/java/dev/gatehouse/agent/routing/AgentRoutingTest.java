package dev.gatehouse.agent.routing;

import static dev.gatehouse.shared.testing.Await.result;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.agent.Agent;
import dev.gatehouse.agent.testing.TestAgents;
import dev.gatehouse.agent.testing.TestPostgres;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class AgentRoutingTest {

  private Agent agent;
  private WebClient client;
  private HttpServer localService;

  @BeforeEach
  void start(Vertx vertx) throws Exception {
    // A local HTTP service like the operator's stats API: echoes what it received, or never
    // answers.
    localService =
        result(
            vertx
                .createHttpServer()
                .requestHandler(
                    request -> {
                      if (request.path().startsWith("/stats/hang")) {
                        return;
                      }
                      if (request.path().startsWith("/stats/down")) {
                        request.response().setStatusCode(503).end("maintenance");
                        return;
                      }
                      request
                          .body()
                          .onSuccess(
                              body ->
                                  request
                                      .response()
                                      .putHeader("X-Seen-Path", request.uri())
                                      .putHeader("X-Seen-Length", String.valueOf(body.length()))
                                      .end(body));
                    })
                .listen(0, "127.0.0.1"));
    String routes =
        """
        - path: /stats/*
          url: http://127.0.0.1:%d
          timeout: 500ms
        """
            .formatted(localService.actualPort());
    agent = TestAgents.start(TestPostgres.newDatabase(), routes);
    client = WebClient.create(vertx);
  }

  @AfterEach
  void stop() {
    agent.close();
  }

  @Test
  void localServiceReceivesThePathAndTheWholeBody() {
    byte[] payload = new byte[1024 * 1024];
    new Random(7).nextBytes(payload);

    HttpResponse<Buffer> response =
        result(
            client
                .post(agent.port(), "127.0.0.1", "/stats/players?page=2")
                .sendBuffer(Buffer.buffer(payload)));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.getHeader("X-Seen-Path")).isEqualTo("/stats/players?page=2");
    assertThat(response.body().getBytes()).isEqualTo(payload);
  }

  @Test
  void silentLocalServiceAnswers504Json() {
    HttpResponse<Buffer> response =
        result(client.get(agent.port(), "127.0.0.1", "/stats/hang").send());

    assertThat(response.statusCode()).isEqualTo(504);
    assertThat(response.bodyAsJsonObject().getString("error")).isEqualTo("upstream_timeout");
  }

  @Test
  void aLocalServices503WithoutRetryAfterGetsOne() {
    HttpResponse<Buffer> response =
        result(client.get(agent.port(), "127.0.0.1", "/stats/down").send());

    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(response.getHeader("Retry-After")).isEqualTo("5");
    assertThat(response.bodyAsString()).isEqualTo("maintenance");
  }

  @Test
  void stoppedLocalServiceAnswers502Json() {
    result(localService.close());

    HttpResponse<Buffer> response =
        result(client.get(agent.port(), "127.0.0.1", "/stats/x").send());

    assertThat(response.statusCode()).isEqualTo(502);
    assertThat(response.bodyAsJsonObject().getString("error")).isEqualTo("upstream_unavailable");
  }

  @Test
  void unknownPathAnswers404Json() {
    HttpResponse<Buffer> response = result(client.get(agent.port(), "127.0.0.1", "/nope").send());

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(response.bodyAsJsonObject())
        .isEqualTo(
            new JsonObject()
                .put("ok", false)
                .put("error", "not_found")
                .put("message", "No such endpoint."));
  }

  @Test
  void healthReportsTheDatabaseUp() {
    HttpResponse<Buffer> response = result(client.get(agent.port(), "127.0.0.1", "/health").send());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.bodyAsJsonObject().getString("database")).isEqualTo("up");
  }
}
