package dev.gatehouse.agent.registration;

import static dev.gatehouse.agent.registration.RegistrationTest.eventually;
import static dev.gatehouse.agent.testing.Registrations.body;
import static dev.gatehouse.shared.testing.Await.result;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.agent.Agent;
import dev.gatehouse.agent.game.mock.MockBehaviour;
import dev.gatehouse.agent.game.mock.MockGameServer;
import dev.gatehouse.agent.testing.Registrations;
import dev.gatehouse.agent.testing.TestAgents;
import dev.gatehouse.agent.testing.TestPostgres;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.PoolOptions;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * 30 registrations at once against a game server that answers in 3 s: each is answered 200, or 503
 * with {@code Retry-After}, before its route's timeout; nothing waits in an unbounded queue; and
 * once the agent is idle, PostgreSQL, the journal and the game server agree exactly with the 200s.
 */
@ExtendWith(VertxExtension.class)
class OverloadTest {

  static final int BURST = 30;
  static final Duration ROUTE_TIMEOUT = Duration.ofSeconds(10);

  private Agent agent;

  @AfterEach
  void stop() {
    if (agent != null) {
      agent.close();
    }
  }

  @Test
  void twoRegistrationsAtOnceAgainstA3sGameServerBothSucceed(Vertx vertx) throws Exception {
    String db = TestPostgres.newDatabase();
    MockGameServer game = new MockGameServer(vertx, MockBehaviour.slow(Duration.ofSeconds(3)));
    int gamePort = result(game.listen("127.0.0.1", 0));
    agent = TestAgents.start(TestAgents.registeringYaml(db, 0, gamePort, "5s", "", ""));
    WebClient client = WebClient.create(vertx);
    // Logins whose hash codes differ by 2: one connection of two, had logins been pinned by hash.
    List<String> logins = List.of("pair_a", "pair_c");

    List<Future<HttpResponse<Buffer>>> answers = new ArrayList<>();
    for (int i = 0; i < logins.size(); i++) {
      answers.add(
          Registrations.post(client, agent.port(), body(logins.get(i), "pair-pw-1", 0, 100 + i)));
    }

    for (Future<HttpResponse<Buffer>> answer : answers) {
      assertThat(result(answer).statusCode()).as(result(answer).bodyAsString()).isEqualTo(200);
    }
    assertThat(Registrations.logins(db)).containsExactlyInAnyOrderElementsOf(logins);
    assertThat(game.logins()).containsExactlyInAnyOrderElementsOf(logins);
  }

  @Test
  void burstAgainstASlowGameServerIsAnsweredInTimeAndLeavesEveryStoreAgreeing(Vertx vertx)
      throws Exception {
    String db = TestPostgres.newDatabase();
    MockGameServer game = new MockGameServer(vertx, MockBehaviour.slow(Duration.ofSeconds(3)));
    int gamePort = result(game.listen("127.0.0.1", 0));
    // The shipped registration settings: nothing here may count on a quick sweep.
    agent =
        TestAgents.start(
            TestAgents.registeringYaml(db, 0, gamePort, "5s", "sweep_interval: 30s\n", ""));
    WebClient client =
        WebClient.create(vertx, new WebClientOptions(), new PoolOptions().setHttp1MaxSize(BURST));

    // Open the client's connections first: the time measured is the agent's alone.
    List<Future<HttpResponse<Buffer>>> warmUp = new ArrayList<>();
    for (int i = 0; i < BURST; i++) {
      warmUp.add(client.get(agent.port(), "127.0.0.1", "/health").send());
    }
    warmUp.forEach(health -> result(health));

    long sent = System.nanoTime();
    List<Future<HttpResponse<Buffer>>> answers = new ArrayList<>();
    long[] answeredAfterMillis = new long[BURST];
    for (int i = 0; i < BURST; i++) {
      int n = i;
      answers.add(
          Registrations.post(client, agent.port(), body("burst_" + i, "burst-pw-1", 0, i + 1))
              .onComplete(done -> answeredAfterMillis[n] = (System.nanoTime() - sent) / 1_000_000));
    }
    // While the burst holds the database pool, the agent's health must still tell the truth:
    // PostgreSQL is up (the edge ejects an agent whose health fails, status route and all).
    WebClient probe = WebClient.create(vertx);
    List<String> health = new ArrayList<>();
    while (answers.stream().anyMatch(answer -> !answer.isComplete())
        && System.nanoTime() - sent < ROUTE_TIMEOUT.toNanos()) {
      HttpResponse<Buffer> checked = result(probe.get(agent.port(), "127.0.0.1", "/health").send());
      health.add(checked.statusCode() + " " + checked.bodyAsString());
      Thread.sleep(250);
    }
    assertThat(health).isNotEmpty().allMatch(line -> line.startsWith("200 "));
    Set<String> acknowledged = new HashSet<>();
    List<String> refusals = new ArrayList<>();
    for (int i = 0; i < BURST; i++) {
      HttpResponse<Buffer> answer = result(answers.get(i));
      if (answer.statusCode() == 200) {
        acknowledged.add("burst_" + i);
      } else {
        assertThat(answer.statusCode()).as(answer.bodyAsString()).isEqualTo(503);
        assertThat(answer.getHeader("Retry-After")).matches("[1-9][0-9]*");
        refusals.add(answer.bodyAsJsonObject().getString("error"));
      }
    }

    assertThat(Arrays.stream(answeredAfterMillis).max().orElseThrow())
        .isLessThan(ROUTE_TIMEOUT.toMillis());
    assertThat(acknowledged).isNotEmpty();
    assertThat(refusals).contains("overloaded");
    assertThat(refusals)
        .allMatch(code -> Set.of("overloaded", "game_server_unavailable").contains(code));
    // Within a minute, with the game server still taking 3 s a command: every late answer and
    // every undo behind it has run, and the journal is empty.
    eventually(Duration.ofSeconds(60), () -> Registrations.pending(db) == 0);
    assertThat(Registrations.logins(db)).isEqualTo(acknowledged);
    assertThat(game.logins()).isEqualTo(acknowledged);
  }
}
