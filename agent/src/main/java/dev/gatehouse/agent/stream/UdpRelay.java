package dev.gatehouse.agent.stream;

import dev.gatehouse.shared.stream.DatagramTunnel;
import dev.gatehouse.shared.stream.StreamAssertion;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.datagram.DatagramPacket;
import io.vertx.core.datagram.DatagramSocket;
import io.vertx.core.datagram.DatagramSocketOptions;
import io.vertx.core.net.NetSocket;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.time.Duration;

/**
 * One UDP session on the agent: the edge's frames become datagrams to the target from a socket of
 * the session's own (so the target's replies can only belong to this client), and the target's
 * datagrams go back as frames. Datagrams from anyone but the target are ignored. Ends when the edge
 * closes the connection or after {@code idle} without a datagram.
 */
final class UdpRelay {

  /** Datagrams handed to the socket and not yet sent; more are dropped, as UDP may. */
  static final int MAX_UNSENT = 64;

  private final Vertx vertx;
  private final NetSocket edge;
  private final InetAddress target;
  private final int targetPort;
  private final Buffer proxyHeader;
  private final Promise<Void> done = Promise.promise();
  private DatagramSocket socket;
  private int unsent;
  private long lastActivity = System.nanoTime();

  private UdpRelay(
      Vertx vertx, NetSocket edge, InetAddress target, int targetPort, Buffer proxyHeader) {
    this.vertx = vertx;
    this.edge = edge;
    this.target = target;
    this.targetPort = targetPort;
    this.proxyHeader = proxyHeader;
  }

  /**
   * Opens the session's socket, answers {@code OK} and relays until the end; {@code early} are the
   * frame bytes that came with the edge's first line, {@code proxyHeader} goes before each datagram
   * (empty for none).
   */
  static Future<Void> start(
      Vertx vertx,
      NetSocket edge,
      Buffer early,
      InetAddress target,
      int targetPort,
      Buffer proxyHeader,
      Duration idle) {
    UdpRelay relay = new UdpRelay(vertx, edge, target, targetPort, proxyHeader);
    boolean v6 = target instanceof Inet6Address;
    DatagramSocket socket = vertx.createDatagramSocket(new DatagramSocketOptions().setIpV6(v6));
    // A loopback target gets a loopback socket: nothing off this host can reach it.
    String bind = target.isLoopbackAddress() ? target.getHostAddress() : v6 ? "::" : "0.0.0.0";
    return socket
        .listen(0, bind)
        .recover(e -> Future.failedFuture("target_unavailable"))
        .compose(
            listening -> {
              relay.begin(listening, early, idle);
              return relay.done.future();
            });
  }

  private void begin(DatagramSocket listening, Buffer early, Duration idle) {
    socket = listening;
    edge.write(StreamAssertion.OK + "\n");
    DatagramTunnel tunnel = new DatagramTunnel(edge, this::toTarget);
    socket.handler(packet -> fromTarget(tunnel, packet));
    edge.closeHandler(v -> finish());
    edge.exceptionHandler(e -> finish());
    long idleMillis = idle.toMillis();
    long timer =
        vertx.setPeriodic(
            Math.max(50, idleMillis / 4),
            id -> {
              if ((System.nanoTime() - lastActivity) / 1_000_000 >= idleMillis) {
                finish();
              }
            });
    done.future().onComplete(ar -> vertx.cancelTimer(timer));
    tunnel.feed(early);
    edge.resume();
  }

  private void toTarget(Buffer datagram) {
    lastActivity = System.nanoTime();
    if (unsent >= MAX_UNSENT) {
      return;
    }
    unsent++;
    Buffer packet =
        proxyHeader.length() == 0 ? datagram : proxyHeader.copy().appendBuffer(datagram);
    socket.send(packet, targetPort, target.getHostAddress()).onComplete(ar -> unsent--);
  }

  private void fromTarget(DatagramTunnel tunnel, DatagramPacket packet) {
    if (packet.sender().port() != targetPort
        || !packet.sender().hostAddress().equals(target.getHostAddress())) {
      return;
    }
    lastActivity = System.nanoTime();
    tunnel.send(packet.data());
  }

  private void finish() {
    if (done.tryComplete()) {
      socket.close();
      edge.close();
    }
  }
}
