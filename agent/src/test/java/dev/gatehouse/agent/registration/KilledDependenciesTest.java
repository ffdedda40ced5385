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
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * PostgreSQL, then the game server, killed with SIGKILL in the middle of a burst of registrations
 * and started again. Afterwards no account exists on one side only, and every registration that was
 * answered 200 is in both.
 */
@ExtendWith(VertxExtension.class)
class KilledDependenciesTest {

  static final int REGISTRATIONS = 40;
  static final int IN_FLIGHT = 8;

  @TempDir Path dataDir;
  private int pgPort;
  private EmbeddedPostgres postgres;
  private String db;
  private MockGameServer game;
  private int gamePort;
  private Agent agent;

  @BeforeEach
  void start(Vertx vertx) throws Exception {
    pgPort = freePort();
    postgres = startPostgres();
    db = "postgresql://postgres@localhost:" + pgPort + "/postgres";
    game = new MockGameServer(vertx, MockBehaviour.slow(Duration.ofMillis(100)));
    gamePort = result(game.listen("127.0.0.1", 0));
    agent = TestAgents.startRegistering(db, gamePort, "");
  }

  @AfterEach
  void stop() throws IOException {
    agent.close();
    postgres.close();
  }

  @Test
  void postgresKilledDuringABurstLeavesNoOrphanAndLosesNoAcknowledgedAccount(Vertx vertx)
      throws Exception {
    Map<String, Integer> answers = new ConcurrentHashMap<>();
    List<Future<?>> burst = send(WebClient.create(vertx), answers);
    eventually(() -> count(answers, 200) >= 5);

    long pid = Long.parseLong(Files.readAllLines(dataDir.resolve("postmaster.pid")).get(0).trim());
    ProcessHandle.of(pid).orElseThrow().destroyForcibly();
    ProcessHandle.of(pid).ifPresent(dying -> dying.onExit().join());
    postgres.close(); // its server is gone: this only lets go of the data directory
    Thread.sleep(1000);
    postgres = startPostgres();
    settled(burst);

    assertAgree(answers);
  }

  @Test
  void gameServerKilledDuringABurstLeavesNoOrphanAndLosesNoAcknowledgedAccount(Vertx vertx)
      throws Exception {
    Map<String, Integer> answers = new ConcurrentHashMap<>();
    List<Future<?>> burst = send(WebClient.create(vertx), answers);
    eventually(() -> count(answers, 200) >= 5);

    result(game.crash());
    Thread.sleep(1000);
    result(game.listen("127.0.0.1", gamePort));
    settled(burst);

    assertAgree(answers);
  }

  @Test
  void withPostgresDownARegistrationIs503WithRetryAfterWithOrWithoutAnIdempotencyKey(Vertx vertx)
      throws Exception {
    postgres.close();
    WebClient client = WebClient.create(vertx);
    try {
      for (String key : new String[] {null, "down-key-1"}) {
        var request = client.post(agent.port(), "127.0.0.1", "/api/register");
        if (key != null) {
          request.putHeader("Idempotency-Key", key);
        }
        HttpResponse<Buffer> answer =
            result(request.sendJsonObject(body("downed", "down-pw-1", 0, 7)));

        assertThat(answer.statusCode()).as("key " + key).isEqualTo(503);
        assertThat(answer.getHeader("Retry-After")).as("key " + key).matches("[1-9][0-9]*");
        assertThat(answer.bodyAsJsonObject().getString("error"))
            .as("key " + key)
            .isEqualTo("upstream_unavailable");
      }
    } finally {
      postgres = startPostgres();
    }
  }

  /** Once the journal is empty: PostgreSQL and the game server hold the same logins, all 200s. */
  private void assertAgree(Map<String, Integer> answers) {
    eventually(Duration.ofSeconds(60), () -> Registrations.pending(db) == 0);
    Set<String> acknowledged =
        answers.entrySet().stream()
            .filter(answer -> answer.getValue() == 200)
            .map(Map.Entry::getKey)
            .collect(Collectors.toSet());
    assertThat(answers).hasSize(REGISTRATIONS);
    assertThat(answers.values())
        .as("some failed while it was down")
        .anyMatch(status -> status != 200);
    assertThat(Registrations.logins(db)).containsAll(acknowledged);
    assertThat(game.logins()).isEqualTo(Registrations.logins(db));
  }

  /** Registers {@link #REGISTRATIONS} logins, {@link #IN_FLIGHT} at a time, a user each. */
  private List<Future<?>> send(WebClient client, Map<String, Integer> answers) {
    List<Future<?>> sent = new ArrayList<>();
    for (int i = 0; i < REGISTRATIONS; i++) {
      String login = "killed_" + i;
      long telegramId = 100 + i;
      Future<?> ready =
          sent.size() < IN_FLIGHT
              ? Future.succeededFuture()
              : sent.get(sent.size() - IN_FLIGHT).transform(done -> Future.succeededFuture());
      sent.add(
          ready
              .compose(
                  go ->
                      Registrations.post(
                          client, agent.port(), body(login, "killed-pw-1", 0, telegramId)))
              .onComplete(done -> answers.put(login, status(done.result()))));
    }
    return sent;
  }

  private static int status(HttpResponse<Buffer> response) {
    return response == null ? 0 : response.statusCode();
  }

  private static long count(Map<String, Integer> answers, int status) {
    return answers.values().stream().filter(s -> s == status).count();
  }

  private static void settled(List<Future<?>> sent) throws Exception {
    Future.join(sent)
        .toCompletionStage()
        .toCompletableFuture()
        .exceptionally(e -> null)
        .get(60, TimeUnit.SECONDS);
  }

  /**
   * A server of its own, on a data directory kept across its restarts, durable as in production:
   * the library's test defaults acknowledge commits a SIGKILL then loses.
   */
  private EmbeddedPostgres startPostgres() throws IOException {
    return EmbeddedPostgres.builder()
        .setDataDirectory(dataDir)
        .setCleanDataDirectory(false)
        .setServerConfig("fsync", "on")
        .setServerConfig("synchronous_commit", "on")
        .setServerConfig("full_page_writes", "on")
        .setPort(pgPort)
        .start();
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
