package dev.gatehouse.agent.registration;

import static dev.gatehouse.agent.registration.RegistrationTest.eventually;
import static dev.gatehouse.agent.testing.Registrations.body;
import static dev.gatehouse.shared.testing.Await.result;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.agent.AgentMain;
import dev.gatehouse.agent.game.mock.MockBehaviour;
import dev.gatehouse.agent.game.mock.MockGameServer;
import dev.gatehouse.agent.testing.Registrations;
import dev.gatehouse.agent.testing.TestAgents;
import dev.gatehouse.agent.testing.TestPostgres;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.junit5.VertxExtension;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent process is killed with SIGKILL while registrations are in flight, then started again.
 * Afterwards the database and the game server agree: every 200 the client saw is in both, every
 * refusal in neither, and no account exists in only one of them.
 */
@ExtendWith(VertxExtension.class)
class CrashRecoveryTest {

  static final String PASSWORD = "crash-Test-pw9";
  static final int REGISTRATIONS = 60;
  static final int IN_FLIGHT = 8;

  private enum Outcome {
    OK,
    REFUSED,
    UNKNOWN
  }

  @TempDir Path dir;
  private Process agent;

  @AfterEach
  void stop() throws Exception {
    if (agent != null && agent.isAlive()) {
      agent.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void killedAgentLeavesNoAccountOnOneSideOnly(Vertx vertx) throws Exception {
    String db = TestPostgres.newDatabase();
    MockGameServer game = new MockGameServer(vertx, MockBehaviour.slow(Duration.ofMillis(100)));
    int gamePort = result(game.listen("127.0.0.1", 0));
    int port = freePort();
    Path config = dir.resolve("agent.yaml");
    Files.writeString(config, TestAgents.registeringYaml(db, port, gamePort, ""));
    WebClient client = WebClient.create(vertx, new WebClientOptions().setIdleTimeout(20));

    agent = startAgent(config, dir.resolve("first.log"), port, client);
    Map<String, Outcome> outcomes = new ConcurrentHashMap<>();
    List<Future<?>> firstHalf = send(client, port, 0, REGISTRATIONS / 2, outcomes);
    eventually(() -> outcomes.values().stream().filter(o -> o == Outcome.OK).count() >= 5);
    agent.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    settled(firstHalf);

    agent = startAgent(config, dir.resolve("second.log"), port, client);
    settled(send(client, port, REGISTRATIONS / 2, REGISTRATIONS, outcomes));
    eventually(() -> Registrations.pending(db) == 0);

    Set<String> inDatabase = Registrations.logins(db);
    Set<String> onGameServer = game.logins();
    assertThat(outcomes).hasSize(REGISTRATIONS);
    assertThat(outcomes).containsValue(Outcome.UNKNOWN).containsValue(Outcome.REFUSED);
    assertThat(inDatabase).isEqualTo(onGameServer);
    outcomes.forEach(
        (login, outcome) -> {
          if (outcome == Outcome.OK) {
            assertThat(inDatabase).contains(login);
          } else if (outcome == Outcome.REFUSED) {
            assertThat(inDatabase).doesNotContain(login);
          }
        });
    assertThat(
            Files.readString(dir.resolve("first.log"))
                + Files.readString(dir.resolve("second.log")))
        .doesNotContain(PASSWORD);
  }

  /**
   * Registers logins {@code from..to}, at most {@link #IN_FLIGHT} at a time as a busy website
   * would, five Telegram users with twelve logins each so that the account limit refuses some.
   */
  private static List<Future<?>> send(
      WebClient client, int port, int from, int to, Map<String, Outcome> outcomes) {
    List<Future<?>> sent = new ArrayList<>();
    for (int i = from; i < to; i++) {
      String login = "crash_" + i;
      long telegramId = 1 + i % 5;
      Future<?> ready =
          sent.size() < IN_FLIGHT
              ? Future.succeededFuture()
              : sent.get(sent.size() - IN_FLIGHT).transform(done -> Future.succeededFuture());
      sent.add(
          ready
              .compose(go -> Registrations.post(client, port, body(login, PASSWORD, 0, telegramId)))
              .onComplete(
                  done -> outcomes.put(login, outcome(done.succeeded() ? done.result() : null))));
    }
    return sent;
  }

  private static void settled(List<Future<?>> sent) throws Exception {
    Future.join(sent)
        .toCompletionStage()
        .toCompletableFuture()
        .exceptionally(e -> null)
        .get(30, TimeUnit.SECONDS);
  }

  private static Outcome outcome(HttpResponse<Buffer> response) {
    if (response == null) {
      return Outcome.UNKNOWN; // the connection died with the agent: no answer either way
    }
    return response.statusCode() == 200 ? Outcome.OK : Outcome.REFUSED;
  }

  private static Process startAgent(Path config, Path log, int port, WebClient client)
      throws IOException {
    Process process =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                AgentMain.class.getName(),
                "--config",
                config.toString())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    eventually(
        Duration.ofSeconds(60),
        () -> {
          if (!process.isAlive()) {
            throw new AssertionError("the agent exited: " + read(log));
          }
          try {
            return result(client.get(port, "127.0.0.1", "/health").send()).statusCode() == 200;
          } catch (AssertionError notYet) {
            return false;
          }
        });
    return process;
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      return e.toString();
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
