package dev.gatehouse.agent.game;

import static dev.gatehouse.shared.testing.Await.result;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.agent.game.mock.MockBehaviour;
import dev.gatehouse.agent.game.mock.MockGameServer;
import dev.gatehouse.agent.metrics.RegistrationMeters;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A game server further behind than a caller waits is not sent new accounts: they would be made
 * after their callers were answered, and only leave accounts to undo.
 */
@ExtendWith(VertxExtension.class)
class GameServerBacklogTest {

  @Test
  void noNewAccountIsAskedForWhileACommandIsUnansweredPastItsDeadline(Vertx vertx)
      throws Exception {
    MockGameServer game = new MockGameServer(vertx, MockBehaviour.slow(Duration.ofSeconds(2)));
    int port = result(game.listen("127.0.0.1", 0));
    GameServerClient client =
        new GameServerClient(
            vertx,
            new GameServerConfig(
                "127.0.0.1", port, Duration.ofSeconds(1), Duration.ofMillis(500), 1, 256),
            new RegistrationMeters(new SimpleMeterRegistry()));
    try {
      assertThatThrownBy(() -> result(client.register("late_one", "pw-1", 0, "t-1", 500)))
          .hasMessageContaining("no answer within");

      long asked = System.nanoTime();
      assertThatThrownBy(() -> result(client.register("next_one", "pw-2", 0, "t-2", 500)))
          .hasMessageContaining("not yet answered");
      assertThat(Duration.ofNanos(System.nanoTime() - asked)).isLessThan(Duration.ofMillis(300));

      // Once the late answer is in, the connection takes new accounts again.
      for (int i = 0; i < 40 && !game.logins().contains("late_one"); i++) {
        Thread.sleep(100);
      }
      Thread.sleep(200);
      game.behaviour(MockBehaviour.NORMAL);
      result(client.register("third_one", "pw-3", 0, "t-3", 500));
      assertThat(game.logins()).containsExactlyInAnyOrder("late_one", "third_one");
    } finally {
      result(client.close());
      result(game.stop());
    }
  }
}
