package dev.gatehouse.agent.game;

import dev.gatehouse.shared.config.ConfigNode;
import java.time.Duration;

/**
 * {@code game_server:} section: where the game server's account socket is and how long the agent
 * waits for it. Defaults match a game server on the same machine.
 */
public record GameServerConfig(
    String host,
    int port,
    Duration connectTimeout,
    Duration requestTimeout,
    int poolSize,
    int maxPendingPerConnection) {

  public static final String DEFAULT_HOST = "127.0.0.1";
  public static final int DEFAULT_PORT = 5190;
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(2);
  public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(5);
  public static final int DEFAULT_POOL_SIZE = 2;
  public static final int DEFAULT_MAX_PENDING = 256;

  public static GameServerConfig from(ConfigNode node) {
    GameServerConfig config =
        new GameServerConfig(
            node.string("host", DEFAULT_HOST),
            node.integer("port", DEFAULT_PORT, 1, 65535),
            node.timeout("connect_timeout", DEFAULT_CONNECT_TIMEOUT),
            node.duration("request_timeout", DEFAULT_REQUEST_TIMEOUT),
            node.integer("pool_size", DEFAULT_POOL_SIZE, 1, 64),
            node.integer("max_pending_per_connection", DEFAULT_MAX_PENDING, 1, 65536));
    node.done();
    return config;
  }
}
