package dev.gatehouse.edge.stream;

import dev.gatehouse.edge.ban.BanList;
import dev.gatehouse.edge.proxy.TargetPool;
import dev.gatehouse.edge.trust.AssertionSigner;
import dev.gatehouse.shared.cli.BindFailure;
import dev.gatehouse.shared.stream.Splice;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import java.time.Duration;

/**
 * One public TCP port, served by as many instances as the edge has event loops, sharing the per-IP
 * limits and meters: each accepted connection passes the ban list and the per-IP limits, is carried
 * to a healthy agent of the pool (the next one if an agent cannot be reached), opened there with a
 * signed stream line, then spliced. One access-log line per closed connection.
 */
public final class StreamVerticle extends VerticleBase {

  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

  private final StreamConfig config;
  private final TargetPool pool;
  private final BanList bans;
  private final AssertionSigner signer;
  private final StreamLimits limits;
  private final StreamMetrics metrics;
  private final StreamAccessLog accessLog;
  private NetServer server;
  private NetClient client;
  private AgentDialer dialer;

  StreamVerticle(
      StreamConfig config,
      TargetPool pool,
      BanList bans,
      AssertionSigner signer,
      StreamLimits limits,
      StreamMetrics metrics) {
    this.config = config;
    this.pool = pool;
    this.bans = bans;
    this.signer = signer;
    this.limits = limits;
    this.metrics = metrics;
    this.accessLog = new StreamAccessLog(config.name());
  }

  @Override
  public Future<?> start() {
    client =
        vertx.createNetClient(
            new NetClientOptions()
                .setConnectTimeout((int) CONNECT_TIMEOUT.toMillis())
                .setTcpNoDelay(true));
    dialer = new AgentDialer(config, pool, signer, client);
    server = vertx.createNetServer(new NetServerOptions().setTcpNoDelay(true));
    server.connectHandler(this::handle);
    return server
        .listen(config.port(), config.host())
        .recover(
            BindFailure.naming(
                "the listener of stream '" + config.name() + "'", config.host(), config.port()));
  }

  int actualPort() {
    return server.actualPort();
  }

  private void handle(NetSocket socket) {
    // Before the client could send anything: its half-close and its bytes reach the splice.
    Splice.prepare(socket);
    String ip = socket.remoteAddress().hostAddress();
    metrics.opened();
    if (bans.bannedUntil(ip).isPresent()) {
      refuse(socket, ip, "banned");
      return;
    }
    if (!limits.tryOpen(ip)) {
      refuse(socket, ip, "limited");
      return;
    }
    carry(socket, ip);
  }

  private void refuse(NetSocket socket, String ip, String ended) {
    accessLog.line(ip, "-", 0, 0, 0, ended);
    metrics.closed(ended);
    socket.close();
  }

  /** Carries an admitted connection to an agent and splices it; counts it closed at the end. */
  private void carry(NetSocket socket, String ip) {
    socket.pause();
    long started = System.nanoTime();
    AgentDialer.Attempt attempt = new AgentDialer.Attempt();
    // A client gone while its agent is being reached must not leave the agent's side open.
    boolean[] gone = {false};
    socket.closeHandler(v -> gone[0] = true);
    dialer
        .open(ip, socket.remoteAddress().port(), attempt)
        .compose(
            opened -> {
              if (gone[0]) {
                opened.socket().close();
                dialer.ended(opened);
                return Future.failedFuture("client_closed");
              }
              return Splice.start(
                      vertx, socket, opened.socket(), opened.early(), config.idleTimeout(), metrics)
                  .andThen(ar -> dialer.ended(opened));
            })
        .onComplete(
            ar -> {
              limits.closed(ip);
              if (ar.failed()) {
                socket.close();
              }
              Splice.Result result = ar.result();
              String ended =
                  ar.failed() ? ar.cause().getMessage() : result.ending().name().toLowerCase();
              accessLog.line(
                  ip,
                  attempt.host,
                  result == null ? 0 : result.bytesFromClient(),
                  result == null ? 0 : result.bytesToClient(),
                  started,
                  ended);
              metrics.closed(ended);
            });
  }

  @Override
  public Future<?> stop() {
    return client.close();
  }
}
