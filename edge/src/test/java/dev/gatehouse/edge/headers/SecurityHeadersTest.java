package dev.gatehouse.edge.headers;

import static dev.gatehouse.shared.testing.Await.result;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.edge.testing.PolicyEdgeTest;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Headers every response carries. */
@ExtendWith(VertxExtension.class)
class SecurityHeadersTest extends PolicyEdgeTest {

  @Test
  void everyResponseCarriesSecurityHeadersAndNoServerVersion() {
    HttpResponse<Buffer> forwarded =
        result(client.get(edge.httpsPort(), "localhost", "/api/server/status").send());
    HttpResponse<Buffer> notFound =
        result(client.get(edge.httpsPort(), "localhost", "/nope").send());

    for (HttpResponse<Buffer> response : List.of(forwarded, notFound)) {
      assertThat(response.getHeader("Strict-Transport-Security"))
          .isEqualTo("max-age=63072000; includeSubDomains");
      assertThat(response.getHeader("X-Content-Type-Options")).isEqualTo("nosniff");
      assertThat(response.getHeader("Server")).isNull();
    }
  }
}
