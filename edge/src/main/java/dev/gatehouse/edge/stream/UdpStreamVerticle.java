package dev.gatehouse.edge.stream;

import dev.gatehouse.edge.ban.BanList;
import dev.gatehouse.edge.proxy.TargetPool;
import dev.gatehouse.edge.trust.AssertionSigner;
import dev.gatehouse.shared.cli.BindFailure;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.datagram.DatagramPacket;
import io.vertx.core.datagram.DatagramSocket;
import io.vertx.core.datagram.DatagramSocketOptions;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.SocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;

/**
 * One public UDP port. Datagrams from each client address and port make a session, admitted like a
 * TCP connection (ban list, per-IP limits) and bounded in number; each session is carried to an
 * agent over its own stream connection and ends after {@code idle_timeout} without a datagram
 * either way. A banned client's datagrams are dropped, also those of a session already running.
 */
public final class UdpStreamVerticle extends VerticleBase {

  private final StreamConfig config;
  private final TargetPool pool;
  private final BanList bans;
  private final AssertionSigner signer;
  private final StreamLimits limits;
  private final StreamMetrics metrics;
  private final StreamAccessLog accessLog;
  // Confined to this verticle's event loop; at most config.maxSessions() entries.
  private final Map<String, UdpSession> sessions = new HashMap<>();
  private DatagramSocket socket;
  private NetClient client;
  private AgentDialer dialer;

  UdpStreamVerticle(
      StreamConfig config,
      TargetPool pool,
      BanList bans,
      AssertionSigner signer,
      StreamMetrics metrics) {
    this.config = config;
    this.pool = pool;
    this.bans = bans;
    this.signer = signer;
    this.metrics = metrics;
    this.limits = new StreamLimits(config.maxConnectionsPerIp(), config.newConnectionsPerSecond());
    this.accessLog = new StreamAccessLog(config.name());
  }

  @Override
  public Future<?> start() {
    client =
        vertx.createNetClient(
            new NetClientOptions()
                .setConnectTimeout((int) StreamVerticle.CONNECT_TIMEOUT.toMillis())
                .setTcpNoDelay(true));
    dialer = new AgentDialer(config, pool, signer, client);
    socket = vertx.createDatagramSocket(new DatagramSocketOptions());
    socket.handler(this::handle);
    long idle = config.idleTimeout().toMillis();
    vertx.setPeriodic(Math.max(50, idle / 4), id -> endIdle(idle));
    return socket
        .listen(config.port(), config.host())
        .recover(
            BindFailure.naming(
                "the listener of stream '" + config.name() + "'", config.host(), config.port()));
  }

  int actualPort() {
    return socket.localAddress().port();
  }

  private void handle(DatagramPacket packet) {
    SocketAddress from = packet.sender();
    String key = from.hostAddress() + " " + from.port();
    UdpSession session = sessions.get(key);
    if (bans.bannedUntil(from.hostAddress()).isPresent()) {
      metrics.dropped("banned");
      if (session != null) {
        session.end("banned");
      }
      return;
    }
    if (session == null) {
      session = admit(from, key);
    }
    if (session != null) {
      session.fromClient(packet.data());
    }
  }

  private UdpSession admit(SocketAddress from, String key) {
    if (sessions.size() >= config.maxSessions()) {
      metrics.dropped("session_limit");
      return null;
    }
    if (!limits.tryOpen(from.hostAddress())) {
      metrics.dropped("limited");
      return null;
    }
    UdpSession session =
        new UdpSession(from, socket, metrics, (s, ending) -> ended(key, s, ending));
    sessions.put(key, session);
    metrics.opened();
    session.open(dialer);
    return session;
  }

  private void ended(String key, UdpSession session, String ending) {
    sessions.remove(key);
    limits.closed(session.ip);
    metrics.closed(ending);
    accessLog.session(
        session.ip,
        session.attempt.host,
        session.bytesIn,
        session.bytesOut,
        session.started,
        ending,
        session.dropped);
  }

  private void endIdle(long idleMillis) {
    long now = System.nanoTime();
    for (UdpSession session : new ArrayList<>(sessions.values())) {
      if ((now - session.lastActivity) / 1_000_000 >= idleMillis) {
        session.end("idle");
      }
    }
  }

  @Override
  public Future<?> stop() {
    new ArrayList<>(sessions.values()).forEach(s -> s.end("error"));
    return client.close().compose(v -> socket.close());
  }
}
