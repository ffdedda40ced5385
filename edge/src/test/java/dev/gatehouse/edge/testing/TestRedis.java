package dev.gatehouse.edge.testing;

import java.io.IOException;
import redis.embedded.RedisServer;

/**
 * A real Redis server from the embedded binaries, on a free loopback port, without persistence, and
 * with a password, as a production one has: edges reach it with the password in the URL.
 */
public final class TestRedis implements AutoCloseable {

  public static final String PASSWORD = "redis-pw-0f3c9a7e";

  private final RedisServer server;
  private final int port;

  public TestRedis() throws IOException {
    this.port = TestEdges.freePort();
    this.server =
        RedisServer.newRedisServer()
            .bind("127.0.0.1")
            .port(port)
            .setting("save \"\"")
            .setting("requirepass " + PASSWORD)
            .build();
    server.start();
  }

  /** The {@code redis:} section of an edge using this server. */
  public String yaml() {
    return "redis: {url: \"redis://:" + PASSWORD + "@127.0.0.1:" + port + "\", timeout: 200ms}\n";
  }

  public void stop() throws IOException {
    if (server.isActive()) {
      server.stop();
    }
  }

  @Override
  public void close() throws IOException {
    stop();
  }
}
