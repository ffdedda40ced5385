package dev.gatehouse.edge.admin;

import static dev.gatehouse.shared.testing.Await.result;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.agent.Agent;
import dev.gatehouse.agent.testing.TestAgents;
import dev.gatehouse.agent.testing.TestPostgres;
import dev.gatehouse.edge.Edge;
import dev.gatehouse.edge.testing.AdminApi;
import dev.gatehouse.shared.testing.CleartextHttp2;
import dev.gatehouse.shared.trust.SharedSecret;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** One login on the edge operates the agent too: its status, logs and restarts over the tunnel. */
@ExtendWith(VertxExtension.class)
class AgentThroughEdgeTest {

  @TempDir Path dir;
  private Agent agent;
  private Edge edge;
  private AdminApi api;
  private String operator;
  private String target;

  @BeforeEach
  void start(Vertx vertx) throws Exception {
    Files.writeString(dir.resolve("agent-secret"), SharedSecret.generate().encoded());
    agent =
        TestAgents.start(
            """
            listen: {host: 127.0.0.1, port: 0}
            database: {url: %s}
            trust: {edge_secret_file: %s, allowed_sources: [127.0.0.1/32]}
            routes:
              - {path: /api/server/status, backend: status}
            """
                .formatted(TestPostgres.newDatabase(), dir.resolve("agent-secret")));
    target = "127.0.0.1:" + agent.port();
    edge =
        AdminApi.startEdge(
            dir.resolve("state"),
            "",
            """
            agent_assertion: {secret_file: %s}
            upstreams:
              agent: {targets: ["%s"]}
            routes:
              - {path: /api/server/status, methods: [GET], upstream: agent}
            """
                .formatted(dir.resolve("agent-secret"), target));
    api = new AdminApi(vertx, edge.adminPort());
    operator = api.tokens(AdminApi.OPERATOR).getString("access_token");
  }

  @AfterEach
  void stop() {
    edge.close();
    agent.close();
  }

  @Test
  void agentsStatusComesThroughTheEdge() {
    HttpResponse<Buffer> response = api.get("/admin/agents", operator);

    assertThat(response.statusCode()).isEqualTo(200);
    JsonObject first = response.bodyAsJsonObject().getJsonArray("agents").getJsonObject(0);
    assertThat(first.getString("upstream")).isEqualTo("agent");
    assertThat(first.getString("target")).isEqualTo(target);
    assertThat(first.getBoolean("reachable")).isTrue();
    JsonObject status = first.getJsonObject("status");
    assertThat(status.getString("version")).isNotBlank();
    assertThat(status.getJsonObject("health").getBoolean("database")).isTrue();
    assertThat(status.getJsonArray("restart_components")).contains("agent-status-cache");
  }

  @Test
  void agentLogsComeThroughTheEdge() {
    HttpResponse<Buffer> response =
        api.get("/admin/agents/" + target + "/logs?limit=500", operator);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.bodyAsJsonObject().getJsonArray("lines")).isNotEmpty();
  }

  @Test
  void agentComponentRestartsAndAnUnknownOneIs404() {
    HttpResponse<Buffer> known =
        api.call(
            HttpMethod.POST, "/admin/agents/" + target + "/restart/agent-status-cache", operator);
    HttpResponse<Buffer> unknown =
        api.call(HttpMethod.POST, "/admin/agents/" + target + "/restart/postgres", operator);

    assertThat(known.statusCode()).isEqualTo(200);
    assertThat(known.bodyAsJsonObject().getString("component")).isEqualTo("agent-status-cache");
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(unknown.bodyAsJsonObject().getString("error")).isEqualTo("unknown_component");
  }

  @Test
  void onlyConfiguredAgentsAreAsked() {
    HttpResponse<Buffer> response = api.get("/admin/agents/169.254.169.254:80/logs", operator);

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(response.bodyAsJsonObject().getString("error")).isEqualTo("not_found");
  }

  @Test
  void viewerMayNotRestartAnAgentComponent() {
    String viewer = api.tokens(AdminApi.VIEWER).getString("access_token");

    HttpResponse<Buffer> response =
        api.call(
            HttpMethod.POST, "/admin/agents/" + target + "/restart/agent-status-cache", viewer);

    assertThat(response.statusCode()).isEqualTo(403);
  }

  @Test
  void theAgentRefusesItsAdminPathsWithoutTheEdgesSignature(Vertx vertx) {
    HttpResponse<Buffer> direct =
        result(
            WebClient.create(vertx)
                .get(agent.port(), "127.0.0.1", "/_gatehouse/admin/status")
                .putHeader("X-Request-Id", "direct-1")
                .send());

    assertThat(direct.statusCode()).isEqualTo(401);
    assertThat(direct.bodyAsJsonObject().getString("error")).isEqualTo("invalid_assertion");
  }

  @Test
  void aComponentNameGoesToTheAgentAsOneSegmentWhateverItHolds() {
    for (String component :
        new String[] {
          "x%0D%0AX-Injected:%201", "a%20b", "a~b", "..%2Fstatus", "..%2F..%2Fapi%2Fserver%2Fstatus"
        }) {
      HttpResponse<Buffer> response =
          api.call(HttpMethod.POST, "/admin/agents/" + target + "/restart/" + component, operator);

      // The agent read the whole name as one it has no component by, and said so.
      assertThat(response.statusCode()).as(component).isEqualTo(404);
      assertThat(response.bodyAsJsonObject().getString("error"))
          .as(component)
          .isEqualTo("unknown_component");
    }
  }

  @Test
  void aQueryNoTargetMayHoldIs400AtTheEdge() {
    // One the edge's router cannot decode, and one the agent would take but no target may hold.
    for (String query : new String[] {"limit=%zz", "level=info&x=<>"}) {
      HttpResponse<Buffer> response =
          api.get("/admin/agents/" + target + "/logs?" + query, operator);

      assertThat(response.statusCode()).as(query).isEqualTo(400);
      assertThat(response.bodyAsJsonObject().getString("error")).as(query).isEqualTo("bad_request");
    }
  }

  @Test
  void theAdminListenerSpeaksNoCleartextHttp2(Vertx vertx) {
    assertThat(CleartextHttp2.answer(vertx, edge.adminPort())).startsWith("HTTP/2.0 501 ");
  }
}
