package dev.gatehouse.agent.stream;

import io.vertx.core.buffer.Buffer;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;

/**
 * The PROXY protocol version 2 header (HAProxy's proxy-protocol.txt, section 2.2) that tells a
 * target the real client address, as Paper, Velocity and HAProxy read it:
 *
 * <pre>
 *   0D 0A 0D 0A 00 0D 0A 51 55 49 54 0A   signature
 *   21                                    version 2, command PROXY
 *   11 | 21                               TCP over IPv4 | TCP over IPv6
 *   12 | 22                               UDP over IPv4 | UDP over IPv6 (before each datagram)
 *   00 0C | 00 24                         length of the addresses: 12 | 36
 *   src addr, dst addr, src port, dst port
 * </pre>
 */
public final class ProxyHeaderV2 {

  private static final byte[] SIGNATURE = {
    0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A
  };

  private ProxyHeaderV2() {}

  /** The header for a TCP connection from {@code source} to {@code destination}. */
  public static Buffer tcp(
      InetAddress source, int sourcePort, InetAddress destination, int destinationPort) {
    return header(0x1, source, sourcePort, destination, destinationPort);
  }

  /** The header for a datagram from {@code source} to {@code destination}. */
  public static Buffer udp(
      InetAddress source, int sourcePort, InetAddress destination, int destinationPort) {
    return header(0x2, source, sourcePort, destination, destinationPort);
  }

  private static Buffer header(
      int transport,
      InetAddress source,
      int sourcePort,
      InetAddress destination,
      int destinationPort) {
    boolean v4 = source instanceof Inet4Address && destination instanceof Inet4Address;
    byte[] src = v4 ? source.getAddress() : v6(source);
    byte[] dst = v4 ? destination.getAddress() : v6(destination);
    return Buffer.buffer()
        .appendBytes(SIGNATURE)
        .appendByte((byte) 0x21)
        .appendByte((byte) ((v4 ? 0x10 : 0x20) | transport))
        .appendUnsignedShort(v4 ? 12 : 36)
        .appendBytes(src)
        .appendBytes(dst)
        .appendUnsignedShort(sourcePort)
        .appendUnsignedShort(destinationPort);
  }

  /** IPv4 addresses as IPv4-mapped IPv6, when the other side of the header is IPv6. */
  private static byte[] v6(InetAddress address) {
    if (address instanceof Inet6Address) {
      return address.getAddress();
    }
    byte[] mapped = new byte[16];
    mapped[10] = (byte) 0xFF;
    mapped[11] = (byte) 0xFF;
    System.arraycopy(address.getAddress(), 0, mapped, 12, 4);
    return mapped;
  }
}
