package dev.gatehouse.edge.ratelimit;

import static dev.gatehouse.shared.testing.Await.result;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.edge.testing.PolicyEdgeTest;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Per-IP rate limits, under concurrency. */
@ExtendWith(VertxExtension.class)
class RateLimitTest extends PolicyEdgeTest {

  @Test
  void exactlyTheLimitIsAcceptedFromOneIpUnder200ConcurrentRequests(Vertx vertx) {
    List<Future<HttpResponse<Buffer>>> burst = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      burst.add(
          client
              .post(edge.httpsPort(), "localhost", "/api/register")
              .putHeader("X-API-Key", KEY)
              .putHeader("Content-Type", "application/json")
              .sendBuffer(Buffer.buffer("{}")));
    }
    result(Future.join(burst));

    List<HttpResponse<Buffer>> responses = burst.stream().map(Future::result).toList();
    assertThat(responses).filteredOn(r -> r.statusCode() == 200).hasSize(10);
    assertThat(responses).filteredOn(r -> r.statusCode() == 429).hasSize(190);
    assertThat(origin.requests()).isEqualTo(10);
    HttpResponse<Buffer> rejected =
        responses.stream().filter(r -> r.statusCode() == 429).findFirst().orElseThrow();
    assertThat(rejected.bodyAsJsonObject().getString("error")).isEqualTo("rate_limited");
    assertThat(Long.parseLong(rejected.getHeader("Retry-After"))).isBetween(1L, 60L);
    assertThat(rejected.getHeader("RateLimit-Limit")).isEqualTo("10");
    assertThat(rejected.getHeader("RateLimit-Remaining")).isEqualTo("0");
    assertThat(rejected.getHeader("RateLimit-Policy")).isEqualTo("\"/api/register\";q=10;w=60");
    assertThat(rejected.getHeader("RateLimit")).matches("\"/api/register\";r=0;t=\\d+");

    HttpResponse<Buffer> otherIp =
        result(
            clientFrom(vertx, "127.0.0.2")
                .post(edge.httpsPort(), "localhost", "/api/register")
                .putHeader("X-API-Key", KEY)
                .putHeader("Content-Type", "application/json")
                .sendBuffer(Buffer.buffer("{}")));
    assertThat(otherIp.statusCode()).isEqualTo(200);
    assertThat(otherIp.getHeader("RateLimit-Remaining")).isEqualTo("9");
  }
}
