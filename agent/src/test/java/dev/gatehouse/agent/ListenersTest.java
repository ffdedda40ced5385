package dev.gatehouse.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.agent.testing.TestAgents;
import dev.gatehouse.agent.testing.TestPostgres;
import dev.gatehouse.shared.testing.CleartextHttp2;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The agent's listeners speak HTTP/1.1 only: no cleartext HTTP/2 for anyone to start. */
@ExtendWith(VertxExtension.class)
class ListenersTest {

  @Test
  void neitherListenerSpeaksCleartextHttp2(Vertx vertx) throws Exception {
    try (Agent agent = TestAgents.startWith(TestPostgres.newDatabase(), "admin: {port: 0}")) {
      assertThat(CleartextHttp2.answer(vertx, agent.port())).startsWith("HTTP/2.0 501 ");
      assertThat(CleartextHttp2.answer(vertx, agent.adminPort())).startsWith("HTTP/2.0 501 ");
    }
  }
}
