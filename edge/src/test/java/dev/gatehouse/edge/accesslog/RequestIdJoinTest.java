package dev.gatehouse.edge.accesslog;

import static dev.gatehouse.shared.testing.Await.result;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.agent.Agent;
import dev.gatehouse.agent.game.mock.MockBehaviour;
import dev.gatehouse.agent.game.mock.MockGameServer;
import dev.gatehouse.agent.testing.Registrations;
import dev.gatehouse.agent.testing.TestAgents;
import dev.gatehouse.agent.testing.TestPostgres;
import dev.gatehouse.edge.Edge;
import dev.gatehouse.edge.testing.TestEdges;
import dev.gatehouse.shared.http.GatehouseHeaders;
import dev.gatehouse.shared.testing.LogLines;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;

/**
 * The edge's access line and every agent line of one registration, the backend's included, share
 * its request id, and only its own.
 */
@ExtendWith(VertxExtension.class)
class RequestIdJoinTest {

  private static final String REGISTRAR = "dev.gatehouse.agent.registration.Registrar";

  private LogLines lines;
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
    // The access loggers write to their own appender; every other line reaches the root.
    lines = LogLines.capture("gatehouse.access", "gatehouse.agent.access", Logger.ROOT_LOGGER_NAME);
  }

  @AfterEach
  void stop() {
    lines.close();
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

    List<JsonObject> access =
        lines.withRequestId(id, 3).stream()
            .filter(line -> line.getString("logger").endsWith(".access"))
            .toList();

    assertThat(access)
        .extracting(line -> line.getString("logger"))
        .containsExactlyInAnyOrder("gatehouse.access", "gatehouse.agent.access");
    for (JsonObject line : access) {
      assertThat(line.getString("level")).isEqualTo("INFO");
      assertThat(line.getString("message")).isEqualTo("access");
      assertThat(line.getString("path")).isEqualTo("/api/register");
      assertThat(line.getInteger("status")).isEqualTo(200);
      assertThat(Instant.parse(line.getString("time"))).isBeforeOrEqualTo(Instant.now());
    }
  }

  @Test
  void everyAgentLineOfARegistrationCarriesItsOwnIdUnderConcurrency(Vertx vertx) throws Exception {
    String first = "join-first-" + System.nanoTime();
    String second = "join-second-" + System.nanoTime();
    WebClient client = TestEdges.client(vertx, HttpVersion.HTTP_1_1);

    Future<HttpResponse<Buffer>> one = register(client, first, "join_first", 501);
    Future<HttpResponse<Buffer>> two = register(client, second, "join_second", 502);
    assertThat(result(one).statusCode()).isEqualTo(200);
    assertThat(result(two).statusCode()).isEqualTo(200);
    assertThat(result(one).getHeader(GatehouseHeaders.REQUEST_ID)).isEqualTo(first);

    for (String[] registration : new String[][] {{first, "join_first"}, {second, "join_second"}}) {
      String id = registration[0];
      String login = registration[1];
      List<JsonObject> joined = lines.withRequestId(id, 3);
      assertThat(joined)
          .extracting(line -> line.getString("logger"))
          .contains("gatehouse.access", "gatehouse.agent.access", REGISTRAR);
      assertThat(joined)
          .filteredOn(line -> line.getString("logger").equals(REGISTRAR))
          .extracting(line -> line.getString("message"))
          .containsExactly("account '" + login + "' created");
      assertThat(joined).allSatisfy(line -> assertThat(line.encode()).doesNotContain("password1"));
    }
  }

  private Future<HttpResponse<Buffer>> register(
      WebClient client, String requestId, String login, long telegramId) {
    return client
        .post(edge.httpsPort(), "localhost", "/api/register")
        .putHeader(GatehouseHeaders.REQUEST_ID, requestId)
        .sendJsonObject(Registrations.body(login, "password1", 1, telegramId));
  }
}
