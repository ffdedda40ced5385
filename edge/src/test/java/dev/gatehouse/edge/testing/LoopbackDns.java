package dev.gatehouse.edge.testing;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.Optional;

/**
 * A tiny DNS answerer on a loopback UDP port, so a test's ACME server resolves the test's domains
 * to loopback addresses: A questions for a known name get its address, AAAA questions an empty
 * answer, any other name NXDOMAIN.
 *
 * <pre>
 *   header  id(2) flags(2) qdcount(2) ancount(2) nscount(2) arcount(2)
 *   question  name(labels, 0) qtype(2) qclass(2)
 *   answer  0xC00C(name = the question's) type(2) class(2) ttl(4) rdlength(2) address(4)
 * </pre>
 */
public final class LoopbackDns implements AutoCloseable {

  private static final int TYPE_A = 1;

  private final DatagramSocket socket;
  private final Map<String, InetAddress> names;
  private final Thread thread;

  public LoopbackDns(Map<String, InetAddress> names) throws SocketException {
    this.names = Map.copyOf(names);
    this.socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    this.thread = new Thread(this::serve, "loopback-dns");
    thread.setDaemon(true);
    thread.start();
  }

  /** {@code 127.0.0.1:port}, as pebble's {@code -dnsserver} takes it. */
  public String address() {
    return "127.0.0.1:" + socket.getLocalPort();
  }

  @Override
  public void close() {
    socket.close();
  }

  private void serve() {
    byte[] buffer = new byte[512];
    while (!socket.isClosed()) {
      DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
      try {
        socket.receive(packet);
        answer(ByteBuffer.wrap(packet.getData(), 0, packet.getLength()))
            .ifPresent(
                reply -> send(new DatagramPacket(reply, reply.length, packet.getSocketAddress())));
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  private void send(DatagramPacket packet) {
    try {
      socket.send(packet);
    } catch (IOException e) {
      // the test is over
    }
  }

  private Optional<byte[]> answer(ByteBuffer query) {
    if (query.remaining() < 12) {
      return Optional.empty();
    }
    short id = query.getShort(0);
    short flags = query.getShort(2);
    StringBuilder name = new StringBuilder();
    int at = 12;
    while (at < query.limit() && query.get(at) != 0) {
      int length = query.get(at) & 0xff;
      if (at + 1 + length > query.limit()) {
        return Optional.empty();
      }
      name.append(name.length() == 0 ? "" : ".")
          .append(
              new String(
                  query.array(), at + 1, length, java.nio.charset.StandardCharsets.US_ASCII));
      at += 1 + length;
    }
    int questionEnd = at + 1 + 4;
    if (questionEnd > query.limit()) {
      return Optional.empty();
    }
    int type = query.getShort(at + 1) & 0xffff;
    InetAddress address = names.get(name.toString().toLowerCase());
    boolean answered = address != null && type == TYPE_A;
    ByteBuffer reply = ByteBuffer.allocate(questionEnd + 16);
    reply.putShort(id);
    // QR=1, opcode and RD copied from the query, RA=1; rcode 3 (NXDOMAIN) for unknown names
    reply.putShort((short) (0x8080 | (flags & 0x7900) | (address == null ? 3 : 0)));
    reply.putShort((short) 1).putShort((short) (answered ? 1 : 0)).putShort((short) 0);
    reply.putShort((short) 0);
    reply.put(query.array(), 12, questionEnd - 12);
    if (answered) {
      reply.putShort((short) 0xC00C).putShort((short) TYPE_A).putShort((short) 1);
      reply.putInt(60).putShort((short) 4).put(address.getAddress());
    }
    byte[] bytes = new byte[reply.position()];
    reply.flip().get(bytes);
    return Optional.of(bytes);
  }
}
