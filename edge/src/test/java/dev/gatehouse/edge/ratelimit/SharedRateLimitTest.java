package dev.gatehouse.edge.ratelimit;

import static dev.gatehouse.shared.testing.Await.result;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.gatehouse.edge.Edge;
import dev.gatehouse.edge.config.EdgeConfig;
import dev.gatehouse.edge.redis.SharedState;
import dev.gatehouse.edge.testing.CountingOrigin;
import dev.gatehouse.edge.testing.TestEdges;
import dev.gatehouse.edge.testing.TestRedis;
import dev.gatehouse.shared.testing.TestYaml;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.junit5.VertxExtension;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;

/** Shared mode: rate limits counted in a real Redis server, and what happens when it goes away. */
@ExtendWith(VertxExtension.class)
class SharedRateLimitTest {

  private TestRedis redis;
  private CountingOrigin origin;
  private final List<Edge> edges = new ArrayList<>();
  private WebClient client;

  @BeforeEach
  void start(Vertx vertx) throws Exception {
    redis = new TestRedis();
    origin = new CountingOrigin(vertx);
    client = TestEdges.client(vertx, HttpVersion.HTTP_1_1);
  }

  @AfterEach
  void stop() throws Exception {
    edges.forEach(Edge::close);
    redis.close();
  }

  @Test
  void twoEdgesSharingRedisAcceptTheLimitInTotal() throws Exception {
    Edge first = startEdge("10/1m");
    Edge second = startEdge("10/1m");

    List<Future<HttpResponse<Buffer>>> burst = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      Edge edge = i % 2 == 0 ? first : second;
      burst.add(client.get(edge.httpsPort(), "localhost", "/api/server/status").send());
    }
    result(Future.join(burst));

    List<Integer> statuses = burst.stream().map(f -> f.result().statusCode()).toList();
    assertThat(statuses).filteredOn(s -> s == 200).hasSize(10);
    assertThat(statuses).filteredOn(s -> s == 429).hasSize(90);
    assertThat(origin.requests()).isEqualTo(10);
  }

  @Test
  void redisGoneTheEdgeEnforcesLocallyAndSaysSo() throws Exception {
    ListAppender<ILoggingEvent> log = new ListAppender<>();
    log.start();
    ((Logger) LoggerFactory.getLogger(SharedState.class)).addAppender(log);
    Edge edge = startEdge("10/1m");
    for (int i = 0; i < 5; i++) {
      assertThat(status(edge).statusCode()).isEqualTo(200);
    }

    redis.stop();
    List<Integer> statuses = new ArrayList<>();
    for (int i = 0; i < 15; i++) {
      statuses.add(status(edge).statusCode());
    }

    // The local limiter starts its own window: 10 more pass, then it rejects. Never all, never
    // none.
    assertThat(statuses).filteredOn(s -> s == 200).hasSize(10);
    assertThat(statuses).filteredOn(s -> s == 429).hasSize(5);
    assertThat(log.list)
        .anySatisfy(
            e -> assertThat(e.getFormattedMessage()).contains("unavailable").contains("locally"));
    assertThat(log.list)
        .allSatisfy(e -> assertThat(e.getFormattedMessage()).doesNotContain(TestRedis.PASSWORD));
    ((Logger) LoggerFactory.getLogger(SharedState.class)).detachAppender(log);
  }

  @Test
  void postBodyPassesIntactThroughTheSharedLimiterAndARejectionKeepsTheConnectionUsable(Vertx vertx)
      throws Exception {
    Edge edge = startEdge("1/1m");
    WebClient oneConnection =
        WebClient.create(
            vertx,
            new WebClientOptions()
                .setSsl(true)
                .setTrustOptions(
                    new PemTrustOptions().addCertPath(TestEdges.CERTIFICATE.certificatePath())),
            new PoolOptions().setHttp1MaxSize(1));
    Buffer body = Buffer.buffer("x".repeat(200 * 1024));

    HttpResponse<Buffer> accepted =
        result(oneConnection.post(edge.httpsPort(), "localhost", "/stats/upload").sendBuffer(body));
    HttpResponse<Buffer> rejected =
        result(oneConnection.post(edge.httpsPort(), "localhost", "/stats/upload").sendBuffer(body));
    HttpResponse<Buffer> after =
        result(oneConnection.get(edge.httpsPort(), "localhost", "/api/server/status").send());

    assertThat(accepted.statusCode()).isEqualTo(200);
    assertThat(accepted.getHeader("X-Seen-Length")).isEqualTo(String.valueOf(body.length()));
    assertThat(rejected.statusCode()).isEqualTo(429);
    assertThat(after.statusCode()).isEqualTo(200);
  }

  private Edge startEdge(String rate) throws Exception {
    String yaml =
        TestEdges.yaml(TestEdges.freePort(), -1, origin.port(), "")
                .replace(
                    "    upstream: agent\n  - path: /stats/*",
                    "    upstream: agent\n    rate_limit: " + rate + "\n  - path: /stats/*")
                .replace("    max_body: 8MiB", "    max_body: 8MiB\n    rate_limit: " + rate)
            + redis.yaml()
            + "bans: {enabled: false}\n";
    Edge edge = Edge.start(EdgeConfig.from(TestYaml.parse(yaml)));
    edges.add(edge);
    return edge;
  }

  private HttpResponse<Buffer> status(Edge edge) {
    return result(client.get(edge.httpsPort(), "localhost", "/api/server/status").send());
  }
}
