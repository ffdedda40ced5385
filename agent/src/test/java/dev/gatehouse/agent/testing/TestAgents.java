package dev.gatehouse.agent.testing;

import dev.gatehouse.agent.Agent;
import dev.gatehouse.agent.AgentConfig;
import dev.gatehouse.shared.testing.TestYaml;

/** Starts real agents on loopback, port 0, from YAML read by the production loader. */
public final class TestAgents {

  private TestAgents() {}

  /** An agent on the database at {@code databaseUrl} with the status route and any extra routes. */
  public static Agent start(String databaseUrl, String extraRoutes) throws Exception {
    return Agent.start(config(databaseUrl, extraRoutes));
  }

  /** An agent with the status route and {@code extraTopLevel} YAML ({@code admin: …}, say). */
  public static Agent startWith(String databaseUrl, String extraTopLevel) throws Exception {
    return Agent.start(AgentConfig.from(TestYaml.parse(yaml(databaseUrl, 0, extraTopLevel, ""))));
  }

  public static AgentConfig config(String databaseUrl, String extraRoutes) {
    return AgentConfig.from(TestYaml.parse(yaml(databaseUrl, 0, "", extraRoutes)));
  }

  /**
   * An agent that also registers accounts on the game server at {@code gamePort}, with a one-second
   * game-server timeout and sweep; {@code registration} is extra YAML under {@code registration:}.
   */
  public static Agent startRegistering(String databaseUrl, int gamePort, String registration)
      throws Exception {
    return Agent.start(
        AgentConfig.from(TestYaml.parse(registeringYaml(databaseUrl, 0, gamePort, registration))));
  }

  /** The same, with more routes in the agent's route table. */
  public static Agent startRegistering(
      String databaseUrl, int gamePort, String registration, String extraRoutes) throws Exception {
    return Agent.start(
        AgentConfig.from(
            TestYaml.parse(registeringYaml(databaseUrl, 0, gamePort, registration, extraRoutes))));
  }

  public static String registeringYaml(
      String databaseUrl, int port, int gamePort, String registration) {
    return registeringYaml(databaseUrl, port, gamePort, registration, "");
  }

  private static String registeringYaml(
      String databaseUrl, int port, int gamePort, String registration, String extraRoutes) {
    return registeringYaml(databaseUrl, port, gamePort, "1s", registration, extraRoutes);
  }

  /** The same with the game server's {@code request_timeout} given, e.g. {@code 5s}. */
  public static String registeringYaml(
      String databaseUrl,
      int port,
      int gamePort,
      String gameTimeout,
      String registration,
      String extraRoutes) {
    return yaml(
        databaseUrl,
        port,
        """
        game_server: {port: %d, request_timeout: %s, connect_timeout: 500ms}
        registration:
        %s%s"""
            .formatted(
                gamePort,
                gameTimeout,
                // Quick sweeps, unless the test sets its own.
                registration.contains("sweep_interval:") ? "" : "  sweep_interval: 1s\n",
                registration.indent(2)),
        "- path: /api/register\n  backend: register\n" + extraRoutes);
  }

  /** An agent from the whole YAML {@code yaml}. */
  public static Agent start(String yaml) throws Exception {
    return Agent.start(AgentConfig.from(TestYaml.parse(yaml)));
  }

  private static String yaml(
      String databaseUrl, int port, String extraTopLevel, String extraRoutes) {
    return """
        listen: {host: 127.0.0.1, port: %d}
        database:
          url: %s
          pool_size: 4
        status:
          cache_ttl: 1s
        %s
        routes:
          - path: /api/server/status
            backend: status
        %s
        """
        .formatted(port, databaseUrl, extraTopLevel, extraRoutes.indent(2));
  }

  /** Puts the example constants into the database behind {@code url}. */
  public static void seedConstants(String url) {
    TestPostgres.execute(
        url,
        "DELETE FROM server_constants",
        "INSERT INTO server_constants (name, value) VALUES "
            + "('server_status', 1.0), ('client_status', 256.0), ('rates.exp', 5.0), ('rates.drop', 2.0)");
  }
}
