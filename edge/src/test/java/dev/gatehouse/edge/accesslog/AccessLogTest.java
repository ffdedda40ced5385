package dev.gatehouse.edge.accesslog;

import static dev.gatehouse.shared.testing.Await.result;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.edge.testing.PolicyEdgeTest;
import dev.gatehouse.edge.testing.TestEdges;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The access log: one JSON line per request, the key by name only. */
@ExtendWith(VertxExtension.class)
class AccessLogTest extends PolicyEdgeTest {

  @Test
  void http2RequestsAreLoggedAsCompleted(Vertx vertx) throws Exception {
    result(
        TestEdges.client(vertx, io.vertx.core.http.HttpVersion.HTTP_2)
            .get(edge.httpsPort(), "localhost", "/api/server/status")
            .send());

    assertThat(accessLines(1).get(0).containsKey("aborted")).isFalse();
  }

  @Test
  void accessLogNamesTheKeyButNeverContainsIt() throws Exception {
    register(KEY, "{}");
    register("wrong-" + KEY, "{}");

    List<JsonObject> lines = accessLines(2);
    assertThat(lines.get(0).getString("key")).isEqualTo("website");
    assertThat(lines.get(0).getInteger("status")).isEqualTo(200);
    assertThat(lines.get(0).getString("upstream")).isEqualTo("agent");
    assertThat(lines.get(0).getDouble("upstream_ms"))
        .isPositive()
        .isLessThanOrEqualTo(lines.get(0).getDouble("duration_ms"));
    assertThat(lines.get(1).containsKey("upstream_ms")).isFalse();
    assertThat(lines).allSatisfy(line -> assertThat(line.containsKey("aborted")).isFalse());
    assertThat(lines.get(1).getString("rejected_by")).isEqualTo("invalid_api_key");
    assertThat(lines.get(1).getString("client_ip")).isEqualTo("127.0.0.1");
    assertThat(lines.get(1).getString("request_id")).isNotBlank();
    assertThat(accessLines(2)).allSatisfy(line -> assertThat(line.encode()).doesNotContain(KEY));
  }
}
