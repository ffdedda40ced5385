package dev.gatehouse.edge.stream;

import dev.gatehouse.shared.stream.DatagramTunnel;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.datagram.DatagramSocket;
import io.vertx.core.net.SocketAddress;
import java.util.ArrayDeque;
import java.util.function.BiConsumer;

/**
 * The datagrams of one client address and port: carried to an agent over one stream connection, the
 * agent's replies sent back to that address only. Confined to its verticle's event loop. Every
 * queue is bounded: datagrams beyond it are dropped and counted, as the network itself would.
 */
final class UdpSession {

  /**
   * Datagrams kept while the agent is being reached, and replies the public socket has not sent.
   */
  static final int MAX_PENDING = 64;

  final String ip;
  final long started = System.nanoTime();
  final AgentDialer.Attempt attempt = new AgentDialer.Attempt();
  long bytesIn;
  long bytesOut;
  long dropped;
  long lastActivity = started;

  private final SocketAddress client;
  private final DatagramSocket publicSocket;
  private final StreamMetrics metrics;
  private final BiConsumer<UdpSession, String> onEnd;
  private final ArrayDeque<Buffer> pending = new ArrayDeque<>();
  private AgentDialer dialer;
  private AgentDialer.Opened opened;
  private DatagramTunnel tunnel;
  private int unsent;
  private boolean ended;

  UdpSession(
      SocketAddress client,
      DatagramSocket publicSocket,
      StreamMetrics metrics,
      BiConsumer<UdpSession, String> onEnd) {
    this.client = client;
    this.ip = client.hostAddress();
    this.publicSocket = publicSocket;
    this.metrics = metrics;
    this.onEnd = onEnd;
  }

  void open(AgentDialer through) {
    dialer = through;
    dialer
        .open(ip, client.port(), attempt)
        .onSuccess(this::connected)
        .onFailure(e -> end(e.getMessage()));
  }

  private void connected(AgentDialer.Opened agent) {
    if (ended) {
      agent.socket().close();
      dialer.ended(agent);
      return;
    }
    opened = agent;
    tunnel = new DatagramTunnel(agent.socket(), this::toClient);
    agent.socket().closeHandler(v -> end("upstream_closed"));
    agent.socket().exceptionHandler(e -> end("error"));
    tunnel.feed(agent.early());
    while (!pending.isEmpty()) {
      carry(pending.poll());
    }
    agent.socket().resume();
  }

  void fromClient(Buffer datagram) {
    lastActivity = System.nanoTime();
    if (tunnel != null) {
      carry(datagram);
    } else if (pending.size() < MAX_PENDING) {
      pending.add(datagram);
    } else {
      drop();
    }
  }

  private void carry(Buffer datagram) {
    if (tunnel.send(datagram)) {
      bytesIn += datagram.length();
      metrics.fromClient(datagram.length());
    } else {
      drop();
    }
  }

  private void toClient(Buffer datagram) {
    lastActivity = System.nanoTime();
    if (ended || unsent >= MAX_PENDING) {
      drop();
      return;
    }
    unsent++;
    bytesOut += datagram.length();
    metrics.toClient(datagram.length());
    publicSocket.send(datagram, client.port(), ip).onComplete(ar -> unsent--);
  }

  private void drop() {
    dropped++;
    metrics.dropped("queue_full");
  }

  /** Ends the session once: closes its agent connection and reports how it ended. */
  void end(String ending) {
    if (ended) {
      return;
    }
    ended = true;
    pending.clear();
    if (opened != null) {
      opened.socket().close();
      dialer.ended(opened);
    }
    onEnd.accept(this, ending);
  }
}
