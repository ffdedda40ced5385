package dev.gatehouse.shared.stream;

/**
 * The edge's signed statement that opens one stream to the agent: a short-lived HS256 JWT sent as
 * the first line on the agent's stream port, before any byte of the client.
 *
 * <pre>
 *   edge  → agent : eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.{"stream":"game",
 *                     "ip":"203.0.113.7","port":51234,"jti":"…",
 *                     "iss":"gatehouse-edge","aud":"gatehouse-agent-stream",
 *                     "iat":…,"exp":…}.mac \n
 *   agent → edge  : OK \n                       (then raw bytes both ways)
 *               or: ERR target_unavailable \n   (then close)
 * </pre>
 *
 * <p>A UDP session carries {@code "proto":"udp"} (absent means TCP); after {@code OK} its datagrams
 * travel both ways as {@link DatagramTunnel} frames.
 *
 * <p>Its own audience keeps an HTTP assertion from ever opening a stream, and the other way round.
 */
public final class StreamAssertion {

  public static final String AUDIENCE = "gatehouse-agent-stream";
  public static final String STREAM = "stream";
  public static final String CLIENT_IP = "ip";
  public static final String CLIENT_PORT = "port";
  public static final String ID = "jti";
  public static final String PROTOCOL = "proto";
  public static final String UDP = "udp";
  public static final String TCP = "tcp";

  public static final String OK = "OK";
  public static final String REFUSED = "ERR ";

  /** The longest first line either side reads; an HS256 token with these claims is ~330 bytes. */
  public static final int MAX_LINE = 4096;

  private StreamAssertion() {}
}
