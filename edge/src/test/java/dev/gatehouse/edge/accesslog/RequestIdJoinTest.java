package dev.gatehouse.edge.accesslog;

import static dev.gatehouse.shared.testing.Await.result;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.gatehouse.agent.Agent;
import dev.gatehouse.agent.game.mock.MockBehaviour;
import dev.gatehouse.agent.game.mock.MockGameServer;
import dev.gatehouse.agent.testing.Registrations;
import dev.gatehouse.agent.testing.TestAgents;
import dev.gatehouse.agent.testing.TestPostgres;
import dev.gatehouse.edge.Edge;
import dev.gatehouse.edge.testing.TestEdges;
import dev.gatehouse.shared.log.JsonLineEncoder;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;

/** The edge's access line and the agent's line of one registration share its request id. */
@ExtendWith(VertxExtension.class)
class RequestIdJoinTest {

  private final Logger edgeLog = (Logger) LoggerFactory.getLogger("gatehouse.access");
  private final Logger agentLog = (Logger) LoggerFactory.getLogger("gatehouse.agent.access");
  private final ListAppender<ILoggingEvent> lines = new ListAppender<>();
  private Agent agent;
  private Edge edge;

  @BeforeEach
  void start(Vertx vertx) throws Exception {
    String db = TestPostgres.newDatabase();
    MockGameServer game = new MockGameServer(vertx, MockBehaviour.NORMAL);
    int gamePort = result(game.listen("127.0.0.1", 0));
    agent = TestAgents.startRegistering(db, gamePort, "");
    edge =
        TestEdges.start(
            """
            upstreams:
              agent:
                targets: ["127.0.0.1:%d"]
            routes:
              - path: /api/register
                methods: [POST]
                upstream: agent
            """
                .formatted(agent.port()));
    lines.start();
    edgeLog.addAppender(lines);
    agentLog.addAppender(lines);
  }

  @AfterEach
  void stop() {
    edgeLog.detachAppender(lines);
    agentLog.detachAppender(lines);
    edge.close();
    agent.close();
  }

  @Test
  void edgeAndAgentLinesOfOneRegistrationJoinByRequestId(Vertx vertx) throws Exception {
    HttpResponse<Buffer> response =
        result(
            TestEdges.client(vertx, HttpVersion.HTTP_1_1)
                .post(edge.httpsPort(), "localhost", "/api/register")
                .sendJsonObject(Registrations.body("joined", "password1", 1, 42)));
    assertThat(response.statusCode()).isEqualTo(200);
    String id = response.getHeader("X-Request-Id");

    List<JsonObject> joined = awaitLines(id, 2);

    assertThat(joined)
        .extracting(line -> line.getString("logger"))
        .containsExactlyInAnyOrder("gatehouse.access", "gatehouse.agent.access");
    for (JsonObject line : joined) {
      assertThat(line.getString("level")).isEqualTo("INFO");
      assertThat(line.getString("message")).isEqualTo("access");
      assertThat(line.getString("path")).isEqualTo("/api/register");
      assertThat(line.getInteger("status")).isEqualTo(200);
      assertThat(Instant.parse(line.getString("time"))).isBeforeOrEqualTo(Instant.now());
    }
  }

  /** The lines carrying {@code id}, as the JSON log format writes them. */
  private List<JsonObject> awaitLines(String id, int count) throws InterruptedException {
    JsonLineEncoder encoder = new JsonLineEncoder();
    List<JsonObject> found = List.of();
    for (int i = 0; i < 100 && found.size() < count; i++) {
      Thread.sleep(20);
      found =
          List.copyOf(lines.list).stream()
              .map(event -> new String(encoder.encode(event), StandardCharsets.UTF_8))
              .map(JsonObject::new)
              .filter(line -> id.equals(line.getString(JsonLineEncoder.REQUEST_ID)))
              .toList();
    }
    return found;
  }
}
