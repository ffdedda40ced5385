package dev.gatehouse.edge.proxy;

import static dev.gatehouse.shared.testing.Await.result;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.edge.Edge;
import dev.gatehouse.edge.testing.TestEdges;
import dev.gatehouse.shared.testing.LogLines;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;

/**
 * A client that goes away while its request waits on the agent: the agent's request is cut off with
 * it, and the edge's log does not report that as a failed forward, since nothing went wrong with
 * the agent.
 */
@ExtendWith(VertxExtension.class)
class ClientGoneTest {

  @Test
  void aClientGoneMidRequestCutsTheAgentsRequestAndLogsNoFailure(Vertx vertx) throws Exception {
    Promise<Void> asked = Promise.promise();
    Promise<Void> cutOff = Promise.promise();
    int agentPort =
        TestEdges.origin(
            vertx,
            request -> {
              if (request.path().equals("/health")) {
                request.response().end();
                return;
              }
              request.connection().closeHandler(v -> cutOff.tryComplete());
              asked.tryComplete(); // and never answered
            });
    String yaml =
        """
        bans: {enabled: false}
        upstreams:
          agents:
            targets: ["127.0.0.1:%d"]
        routes:
          - path: /stats/*
            upstream: agents
        """
            .formatted(agentPort);
    try (LogLines lines = LogLines.capture(Logger.ROOT_LOGGER_NAME);
        Edge edge = TestEdges.start(yaml)) {
      HttpClient client = vertx.createHttpClient(TestEdges.clientOptions(HttpVersion.HTTP_1_1));
      HttpClientRequest request =
          result(client.request(HttpMethod.GET, edge.httpsPort(), "localhost", "/stats/slow"));
      request.end();
      result(asked.future().timeout(5, TimeUnit.SECONDS));

      result(request.connection().close());

      result(cutOff.future().timeout(5, TimeUnit.SECONDS));
      Thread.sleep(300); // the edge settles the agent's broken request after the close
      assertThat(lines.all())
          .map(line -> line.getString("message"))
          .noneMatch(message -> message.contains("forward of"))
          .noneMatch(message -> message.contains("answering"));
      assertThat(lines.all()).map(JsonObject::encode).noneMatch(line -> line.contains("WARN"));
    }
  }
}
