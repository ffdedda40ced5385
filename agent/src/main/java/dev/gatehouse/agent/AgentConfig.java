package dev.gatehouse.agent;

import dev.gatehouse.agent.db.DatabaseConfig;
import dev.gatehouse.agent.routing.AgentRoute;
import dev.gatehouse.agent.status.StatusConfig;
import dev.gatehouse.shared.config.ConfigFiles;
import dev.gatehouse.shared.config.ConfigNode;
import dev.gatehouse.shared.log.LogConfig;
import java.nio.file.Path;
import java.util.List;

/** The agent's whole configuration, read and checked once at start-up. */
public record AgentConfig(
    String host,
    int port,
    DatabaseConfig database,
    StatusConfig status,
    List<AgentRoute> routes,
    LogConfig log) {

  public static final String DEFAULT_HOST = "127.0.0.1";
  public static final int DEFAULT_PORT = 1010;

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

    List<AgentRoute> routes = root.uniqueList("routes", "path", AgentRoute::from, AgentRoute::path);
    LogConfig log = LogConfig.from(root.childOrEmpty("log"));
    root.done();
    return new AgentConfig(host, port, database, status, routes, log);
  }
}
