package dev.gatehouse.agent;

import dev.gatehouse.agent.admin.AgentAdminConfig;
import dev.gatehouse.agent.backend.Backends;
import dev.gatehouse.agent.db.DatabaseConfig;
import dev.gatehouse.agent.game.GameServerConfig;
import dev.gatehouse.agent.registration.RegistrationConfig;
import dev.gatehouse.agent.routing.AgentRoute;
import dev.gatehouse.agent.status.StatusConfig;
import dev.gatehouse.agent.stream.AgentStreamsConfig;
import dev.gatehouse.agent.trust.TrustConfig;
import dev.gatehouse.shared.config.ConfigFiles;
import dev.gatehouse.shared.config.ConfigNode;
import dev.gatehouse.shared.log.LogConfig;
import dev.gatehouse.shared.metrics.MetricsConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** The agent's whole configuration, read and checked once at start-up. */
public record AgentConfig(
    String host,
    int port,
    DatabaseConfig database,
    StatusConfig status,
    GameServerConfig gameServer,
    RegistrationConfig registration,
    TrustConfig trust,
    List<AgentRoute> routes,
    LogConfig log,
    AgentAdminConfig admin,
    MetricsConfig metrics,
    AgentStreamsConfig streams) {

  public static final String DEFAULT_HOST = "127.0.0.1";
  public static final int DEFAULT_PORT = 1010;
  static final Duration REGISTER_MARGIN = Duration.ofSeconds(3);

  public static AgentConfig load(Path file) {
    return from(ConfigFiles.read(file));
  }

  public static AgentConfig from(ConfigNode root) {
    ConfigNode listen = root.childOrEmpty("listen");
    String host = listen.string("host", DEFAULT_HOST);
    int port = listen.integer("port", DEFAULT_PORT, 0, 65535);
    listen.done();

    DatabaseConfig database = DatabaseConfig.from(root.childOrEmpty("database"));
    StatusConfig status = StatusConfig.from(root.childOrEmpty("status"));
    GameServerConfig gameServer = GameServerConfig.from(root.childOrEmpty("game_server"));
    RegistrationConfig registration = RegistrationConfig.from(root.childOrEmpty("registration"));
    TrustConfig trust = TrustConfig.from(root.childOrEmpty("trust"), host);

    List<AgentRoute> routes = root.uniqueList("routes", "path", AgentRoute::from, AgentRoute::path);
    checkRegisterTimeouts(root, routes, gameServer, registration);
    LogConfig log = LogConfig.from(root.childOrEmpty("log"));
    MetricsConfig metrics = MetricsConfig.from(root.childOrEmpty("metrics"));
    AgentAdminConfig admin = AgentAdminConfig.from(root.childOrEmpty("admin"), host, port);
    AgentStreamsConfig streams =
        AgentStreamsConfig.from(
            root.childOrEmpty("stream_listen"), root.childOrEmpty("streams"), host);
    if (streams.enabled() && trust.edgeSecret().isEmpty()) {
      throw root.error(
          "trust.edge_secret_file",
          "is required when streams are configured: every stream is opened by a MACed line"
              + " (make one with: gatehouse keygen agent-secret --out FILE)");
    }
    root.done();
    return new AgentConfig(
        host,
        port,
        database,
        status,
        gameServer,
        registration,
        trust,
        routes,
        log,
        admin,
        metrics,
        streams);
  }

  /** Whether a route sends requests to the registration backend. */
  public boolean registers() {
    return routes.stream()
        .anyMatch(route -> route.backend().filter(Backends.REGISTER::equals).isPresent());
  }

  /**
   * A registration must end before its route gives up on it, or a client could be told "timeout"
   * about an account that is then committed.
   */
  private static void checkRegisterTimeouts(
      ConfigNode root,
      List<AgentRoute> routes,
      GameServerConfig game,
      RegistrationConfig registration) {
    Duration needed = game.requestTimeout().plus(registration.lockTimeout()).plus(REGISTER_MARGIN);
    for (int i = 0; i < routes.size(); i++) {
      AgentRoute route = routes.get(i);
      if (route.backend().filter(Backends.REGISTER::equals).isPresent()
          && route.timeout().compareTo(needed) < 0) {
        throw root.error(
            "routes[" + i + "].timeout",
            route.timeout().toMillis()
                + " ms is too short for registration (expected: at least game_server.request_timeout"
                + " + registration.lock_timeout + 3s = "
                + needed.toMillis()
                + " ms)");
      }
    }
  }
}
