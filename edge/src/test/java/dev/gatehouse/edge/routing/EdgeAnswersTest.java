package dev.gatehouse.edge.routing;

import static dev.gatehouse.shared.testing.Await.result;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.edge.testing.PolicyEdgeTest;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** What the edge answers itself. */
@ExtendWith(VertxExtension.class)
class EdgeAnswersTest extends PolicyEdgeTest {

  @Test
  void healthAnswersHeadToo() {
    assertThat(result(client.head(edge.httpsPort(), "localhost", "/health").send()).statusCode())
        .isEqualTo(200);
  }
}
