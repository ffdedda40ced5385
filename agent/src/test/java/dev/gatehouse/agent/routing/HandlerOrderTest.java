package dev.gatehouse.agent.routing;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The agent's chain carries its order in its handlers' types: a swapped chain fails at set-up. */
@ExtendWith(VertxExtension.class)
class HandlerOrderTest {

  @Test
  void requestIdAfterTheBodyHandlerFailsAtSetUp(Vertx vertx) {
    Router router = Router.router(vertx);

    assertThatThrownBy(
            () -> router.route("/x").handler(BodyHandler.create()).handler(new RequestIdHandler()))
        .isInstanceOf(IllegalStateException.class);
  }
}
