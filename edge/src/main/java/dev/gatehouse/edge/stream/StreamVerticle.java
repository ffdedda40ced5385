package dev.gatehouse.edge.stream;

import dev.gatehouse.edge.ban.BanList;
import dev.gatehouse.edge.proxy.TargetPool;
import dev.gatehouse.edge.trust.AssertionSigner;
import dev.gatehouse.shared.stream.FirstLine;
import dev.gatehouse.shared.stream.Splice;
import dev.gatehouse.shared.stream.StreamAssertion;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One public TCP port: each accepted connection passes the ban list and the per-IP limits, is
 * carried to a healthy agent of the pool (the next one if an agent cannot be reached), opened there
 * with a signed stream line, then spliced. One access-log line per closed connection.
 */
public final class StreamVerticle extends VerticleBase {

  private static final Logger access = LoggerFactory.getLogger("gatehouse.access");
  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

  private final StreamConfig config;
  private final TargetPool pool;
  private final BanList bans;
  private final AssertionSigner signer;
  private final StreamLimits limits;
  private NetServer server;
  private NetClient client;

  public StreamVerticle(
      StreamConfig config, TargetPool pool, BanList bans, AssertionSigner signer) {
    this.config = config;
    this.pool = pool;
    this.bans = bans;
    this.signer = signer;
    this.limits = new StreamLimits(config.maxConnectionsPerIp(), config.newConnectionsPerSecond());
  }

  @Override
  public Future<?> start() {
    client =
        vertx.createNetClient(
            new NetClientOptions()
                .setConnectTimeout((int) CONNECT_TIMEOUT.toMillis())
                .setTcpNoDelay(true));
    server = vertx.createNetServer(new NetServerOptions().setTcpNoDelay(true));
    server.connectHandler(this::handle);
    return server.listen(config.port(), config.host());
  }

  public int actualPort() {
    return server.actualPort();
  }

  private void handle(NetSocket socket) {
    String ip = socket.remoteAddress().hostAddress();
    if (bans.bannedUntil(ip).isPresent()) {
      log(ip, "-", null, 0, "banned");
      socket.close();
      return;
    }
    if (!limits.tryOpen(ip)) {
      log(ip, "-", null, 0, "limited");
      socket.close();
      return;
    }
    carry(socket, ip);
  }

  /** Carries an admitted connection to an agent and splices it; counts it closed at the end. */
  private void carry(NetSocket socket, String ip) {
    socket.pause();
    long started = System.nanoTime();
    Agent agent = new Agent();
    // A client gone while its agent is being reached must not leave the agent's side open.
    boolean[] gone = {false};
    socket.closeHandler(v -> gone[0] = true);
    connect(ip, socket.remoteAddress().port(), new HashSet<>(), agent)
        .compose(
            upstream -> {
              if (gone[0]) {
                upstream.socket.close();
                return Future.failedFuture("client_closed");
              }
              return Splice.start(
                  vertx, socket, upstream.socket, upstream.early, config.idleTimeout());
            })
        .onComplete(
            ar -> {
              limits.closed(ip);
              if (ar.failed()) {
                socket.close();
              }
              log(
                  ip,
                  agent.host,
                  ar.result(),
                  started,
                  ar.failed() ? ar.cause().getMessage() : null);
            });
  }

  /** The agent a connection was last sent to, for its access-log line. */
  private static final class Agent {
    String host = "-";
  }

  /** An agent connection past its {@code OK}, and the target's bytes that came with it. */
  private record Opened(NetSocket socket, Buffer early) {}

  /** Opens the stream on an available agent, trying each agent once. */
  private Future<Opened> connect(String ip, int port, Set<String> tried, Agent agent) {
    String host = pool.pickHost(tried).orElse(null);
    if (host == null) {
      return Future.failedFuture("upstream_unavailable");
    }
    tried.add(host);
    agent.host = host;
    return client
        .connect(config.agentPort(), host)
        .onFailure(e -> pool.streamFailed(host))
        .compose(agentSocket -> open(agentSocket, ip, port))
        .recover(
            e ->
                e.getMessage() != null && e.getMessage().startsWith("target")
                    ? Future.failedFuture(e)
                    : connect(ip, port, tried, agent));
  }

  private Future<Opened> open(NetSocket agentSocket, String ip, int port) {
    agentSocket.write(signer.signStream(config.target(), ip, port) + "\n");
    return FirstLine.read(agentSocket, StreamAssertion.MAX_LINE)
        .compose(
            first -> {
              if (first.line().equals(StreamAssertion.OK)) {
                return Future.succeededFuture(new Opened(agentSocket, first.rest()));
              }
              agentSocket.close();
              String code =
                  first.line().startsWith(StreamAssertion.REFUSED)
                      ? first.line().substring(StreamAssertion.REFUSED.length())
                      : "bad_answer";
              // The agent answered: its refusal is final, another agent would say the same.
              return Future.failedFuture("target refused: " + code);
            });
  }

  private void log(String ip, String agent, Splice.Result result, long started, String problem) {
    JsonObject line =
        new JsonObject()
            .put("type", "stream")
            .put("stream", config.name())
            .put("client_ip", ip)
            .put("agent", agent)
            .put("bytes_in", result == null ? 0 : result.bytesFromClient())
            .put("bytes_out", result == null ? 0 : result.bytesToClient())
            .put("duration_ms", started == 0 ? 0 : (System.nanoTime() - started) / 1_000_000)
            .put("ended", result != null ? result.ending().name().toLowerCase() : problem);
    access.info(line.encode());
  }

  @Override
  public Future<?> stop() {
    return client.close();
  }
}
