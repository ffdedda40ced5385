package dev.gatehouse.edge.allowip;

import static dev.gatehouse.shared.testing.Await.result;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.edge.testing.PolicyEdgeTest;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A route's {@code allow_ips}: only listed networks may use it. */
@ExtendWith(VertxExtension.class)
class AllowIpsTest extends PolicyEdgeTest {

  @Test
  void aClientOutsideTheRoutesNetworksIs403AndNeverReachesTheAgent() {
    HttpResponse<Buffer> response =
        result(client.get(edge.httpsPort(), "localhost", "/api/office").send());

    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(response.bodyAsJsonObject().getString("error")).isEqualTo("ip_not_allowed");
    assertThat(origin.requests()).isZero();
  }

  @Test
  void aClientInsideTheRoutesNetworksIsForwarded() {
    HttpResponse<Buffer> response =
        result(client.get(edge.httpsPort(), "localhost", "/api/local").send());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(origin.requests()).isEqualTo(1);
  }
}
