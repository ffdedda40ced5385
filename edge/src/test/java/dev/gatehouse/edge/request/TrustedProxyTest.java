package dev.gatehouse.edge.request;

import static dev.gatehouse.shared.testing.Await.result;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.edge.Edge;
import dev.gatehouse.edge.config.EdgeConfig;
import dev.gatehouse.edge.testing.EchoOrigin;
import dev.gatehouse.edge.testing.TestEdges;
import dev.gatehouse.shared.testing.TestYaml;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class TrustedProxyTest {

  @Test
  void behindATrustedProxyTheRightmostUntrustedForwardedAddressIsTheClient(Vertx vertx)
      throws Exception {
    int origin = EchoOrigin.start(vertx);
    String yaml =
        TestEdges.yaml(TestEdges.freePort(), -1, origin, "")
            + "client_ip: {trusted_proxies: [127.0.0.0/8, 10.0.0.0/8]}\n";
    try (Edge edge = Edge.start(EdgeConfig.from(TestYaml.parse(yaml)))) {
      WebClient client = TestEdges.client(vertx, HttpVersion.HTTP_1_1);

      assertThat(seenBy(client, edge, "198.51.100.7, 203.0.113.9, 10.1.2.3"))
          .isEqualTo("203.0.113.9");
      assertThat(seenBy(client, edge, "not-an-ip")).isEqualTo("127.0.0.1");
      assertThat(seenBy(client, edge, null)).isEqualTo("127.0.0.1");
    }
  }

  @Test
  void badCidrIsNamedAtStartUp() {
    String yaml =
        TestEdges.yaml(TestEdges.freePort(), -1, 1, "")
            + "client_ip: {trusted_proxies: [10.0.0.0/33]}\n";

    assertThatThrownBy(() -> EdgeConfig.from(TestYaml.parse(yaml)))
        .hasMessageContaining(
            "client_ip.trusted_proxies[0]: '10.0.0.0/33' is not an IP address or CIDR");
  }

  private static String seenBy(WebClient client, Edge edge, String forwardedFor) {
    var request = client.get(edge.httpsPort(), "localhost", "/api/server/status");
    if (forwardedFor != null) {
      request.putHeader("X-Forwarded-For", forwardedFor);
    }
    return EchoOrigin.seen(result(request.send()), "X-Forwarded-For");
  }
}
