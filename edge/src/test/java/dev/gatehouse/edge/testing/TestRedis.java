package dev.gatehouse.edge.testing;

import java.io.IOException;
import redis.embedded.RedisServer;

/** A real Redis server from the embedded binaries, on a free loopback port, without persistence. */
public final class TestRedis implements AutoCloseable {

  private final RedisServer server;
  private final int port;

  public TestRedis() throws IOException {
    this.port = TestEdges.freePort();
    this.server =
        RedisServer.newRedisServer().bind("127.0.0.1").port(port).setting("save \"\"").build();
    server.start();
  }

  /** The {@code redis:} section of an edge using this server. */
  public String yaml() {
    return "redis: {url: \"redis://127.0.0.1:" + port + "\", timeout: 200ms}\n";
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
