package dev.gatehouse.agent.db;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.agent.AgentMain;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent process is killed with SIGKILL: its embedded PostgreSQL lives on, holding the data
 * directory and the port. The next start stops that postmaster and comes up on the same data.
 */
class AgentRestartAfterKillTest {

  private static final Duration START_LIMIT = Duration.ofSeconds(90);

  @TempDir Path dir;
  private Process agent;

  @AfterEach
  void stop() throws Exception {
    if (agent != null && agent.isAlive()) {
      agent.destroy();
      if (!agent.waitFor(30, TimeUnit.SECONDS)) {
        agent.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    }
    Optional<Postmaster> left = Postmaster.running(dir.resolve("postgres"));
    if (left.isPresent()) {
      left.get().stop(Duration.ofSeconds(30));
    }
  }

  @Test
  void killedAgentStartsAgainOnTheSameData() throws Exception {
    int port = freePort();
    int postgresPort = freePort();
    Path config = config(port, postgresPort);

    agent = start(config, dir.resolve("first.log"), port);
    execute(postgresPort, "UPDATE server_constants SET value = 0.5 WHERE name = 'server_status'");
    assertThat(get(port, "/api/server/status").body()).contains("\"server_status\":0.5");

    agent.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    assertThat(Postmaster.running(dir.resolve("postgres")))
        .as("the killed agent's PostgreSQL is still running")
        .isPresent();

    agent = start(config, dir.resolve("second.log"), port);
    HttpResponse<String> status = get(port, "/api/server/status");
    assertThat(status.statusCode()).isEqualTo(200);
    assertThat(status.body()).contains("\"server_status\":0.5");
    String password = Files.readString(dir.resolve("postgres.password"));
    assertThat(Files.readString(dir.resolve("second.log")))
        .contains("stopping PostgreSQL left running on this data directory")
        .doesNotContain(password);
    assertThat(Files.readString(dir.resolve("first.log"))).doesNotContain(password);
  }

  @Test
  void anAgentWhosePostgresIsKilledExitsToBeRestartedAndComesBackOnTheSameData() throws Exception {
    int port = freePort();
    Path config = config(port, freePort());
    agent = start(config, dir.resolve("first.log"), port);

    long postgres = Postmaster.running(dir.resolve("postgres")).orElseThrow().pid();
    ProcessHandle.of(postgres).orElseThrow().destroyForcibly();

    assertThat(agent.waitFor(30, TimeUnit.SECONDS)).as("the agent exited").isTrue();
    assertThat(agent.exitValue()).isEqualTo(1); // the unit restarts on failure, not on 2
    assertThat(Files.readString(dir.resolve("first.log")))
        .contains("the embedded PostgreSQL stopped under the agent");
    agent = start(config, dir.resolve("second.log"), port);
    assertThat(get(port, "/api/server/status").statusCode()).isEqualTo(200);
  }

  /** An agent with its embedded PostgreSQL under this test's folder, serving the status route. */
  private Path config(int port, int postgresPort) throws IOException {
    Path config = dir.resolve("agent.yaml");
    Files.writeString(
        config,
        """
        listen: {host: 127.0.0.1, port: %d}
        database:
          embedded: {data_dir: '%s', port: %d}
          seed_example_constants: true
        status: {cache_ttl: 1ms}
        routes:
          - path: /api/server/status
            backend: status
        """
            .formatted(port, dir.resolve("postgres"), postgresPort));
    return config;
  }

  private Process start(Path config, Path log, int port) throws Exception {
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
    long deadline = System.nanoTime() + START_LIMIT.toNanos();
    while (true) {
      if (!process.isAlive()) {
        throw new AssertionError("the agent exited: " + Files.readString(log));
      }
      try {
        if (get(port, "/health").statusCode() == 200) {
          return process;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the agent did not answer within " + START_LIMIT);
      }
      Thread.sleep(200);
    }
  }

  private static HttpResponse<String> get(int port, String path) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(5))
                .build(),
            HttpResponse.BodyHandlers.ofString());
  }

  private void execute(int postgresPort, String sql) throws Exception {
    String password = Files.readString(dir.resolve("postgres.password"));
    try (Connection connection =
            DriverManager.getConnection(
                "jdbc:postgresql://127.0.0.1:" + postgresPort + "/postgres", "postgres", password);
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
