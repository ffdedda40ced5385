package dev.gatehouse.agent.status;

import static dev.gatehouse.shared.testing.Await.result;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.agent.Agent;
import dev.gatehouse.agent.testing.TestAgents;
import dev.gatehouse.agent.testing.TestPostgres;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class StatusEndpointTest {

  private String db;
  private Agent agent;
  private WebClient client;

  @BeforeEach
  void start(Vertx vertx) throws Exception {
    db = TestPostgres.newDatabase();
    agent = TestAgents.start(db, "");
    client = WebClient.create(vertx);
  }

  @AfterEach
  void stop() {
    agent.close();
  }

  @Test
  void statusAnswersTheConstantsStoredInPostgres() {
    TestAgents.seedConstants(db);

    HttpResponse<Buffer> response = get("/api/server/status");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.getHeader("Content-Type")).isEqualTo("application/json");
    assertThat(response.bodyAsJsonObject())
        .isEqualTo(
            new JsonObject()
                .put("server_status", 1.0)
                .put("rates", new JsonObject().put("exp", 5.0).put("drop", 2.0))
                .put("client_status", 256.0));
  }

  @Test
  void floodOfPollsMakesOneQueryPerTtl() throws Exception {
    TestAgents.seedConstants(db);
    countReadsOfServerConstants();

    List<Future<HttpResponse<Buffer>>> flood = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      flood.add(client.get(agent.port(), "127.0.0.1", "/api/server/status").send());
    }
    result(Future.all(flood));

    assertThat(flood).allSatisfy(f -> assertThat(f.result().statusCode()).isEqualTo(200));
    assertThat(readsSoFar()).isEqualTo(1);

    Thread.sleep(1100); // one TTL later the next poll reads again, once
    result(client.get(agent.port(), "127.0.0.1", "/api/server/status").send());
    result(client.get(agent.port(), "127.0.0.1", "/api/server/status").send());
    assertThat(readsSoFar()).isEqualTo(2);
  }

  @Test
  void statusWithoutConstantsAnswers503Json() {
    HttpResponse<Buffer> response = get("/api/server/status");

    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(response.bodyAsJsonObject().getString("error")).isEqualTo("upstream_unavailable");
    assertThat(response.bodyAsJsonObject().getBoolean("ok")).isFalse();
  }

  @Test
  void statusRejectsPostWith405Json() {
    TestAgents.seedConstants(db);

    HttpResponse<Buffer> response =
        result(client.post(agent.port(), "127.0.0.1", "/api/server/status").send());

    assertThat(response.statusCode()).isEqualTo(405);
    assertThat(response.bodyAsJsonObject().getString("error")).isEqualTo("method_not_allowed");
  }

  private HttpResponse<Buffer> get(String path) {
    return result(client.get(agent.port(), "127.0.0.1", path).send());
  }

  /**
   * Puts a view in front of the table that bumps a sequence once per query, so PostgreSQL itself
   * counts how often the agent read the constants.
   */
  private void countReadsOfServerConstants() {
    TestPostgres.execute(
        db,
        "CREATE SEQUENCE status_reads",
        "ALTER TABLE server_constants RENAME TO server_constants_data",
        "CREATE VIEW server_constants AS SELECT d.name, d.value"
            + " FROM server_constants_data d, (SELECT nextval('status_reads')) AS counted");
  }

  private long readsSoFar() {
    return TestPostgres.queryLong(
        db, "SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM status_reads");
  }
}
