package dev.gatehouse.edge.routing;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.edge.apikey.ApiKeyHandler;
import dev.gatehouse.edge.apikey.ApiKeys;
import dev.gatehouse.edge.cors.CorsConfig;
import dev.gatehouse.edge.cors.CorsHandler;
import dev.gatehouse.edge.cors.CorsPolicy;
import dev.gatehouse.edge.ratelimit.LocalRateLimiter;
import dev.gatehouse.edge.ratelimit.RateLimitHandler;
import dev.gatehouse.edge.ratelimit.RateLimitSpec;
import dev.gatehouse.edge.request.RequestIdHandler;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The edge's handlers carry their place in the chain: vertx-web refuses them out of order. */
@ExtendWith(VertxExtension.class)
class HandlerOrderTest {

  private static final CorsConfig CORS = new CorsConfig(Set.of(), Duration.ofMinutes(10));

  @Test
  void corsBeforeTheRequestIdFailsAtSetUp(Vertx vertx) {
    assertThatThrownBy(
            () ->
                Router.router(vertx)
                    .route()
                    .handler(new CorsHandler(CORS, path -> Optional.empty()))
                    .handler(new RequestIdHandler()))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void rateLimitBeforeTheApiKeyFailsAtSetUp(Vertx vertx) {
    RateLimitSpec spec = new RateLimitSpec(10, Duration.ofMinutes(1));
    assertThatThrownBy(
            () ->
                Router.router(vertx)
                    .route("/api/register")
                    .handler(new RateLimitHandler(new LocalRateLimiter(spec, 1000), spec, "r"))
                    .handler(
                        new ApiKeyHandler(new ApiKeys(List.of()), Set.of(), new CorsPolicy(CORS))))
        .isInstanceOf(IllegalStateException.class);
  }
}
