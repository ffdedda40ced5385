package dev.gatehouse.shared.trust;

import dev.gatehouse.shared.http.GatehouseHeaders;

/**
 * The edge's statement about one request it forwards: a short-lived JWT (HS256) in one header,
 * MACed with the secret the edge shares with the agents of that upstream ({@link HmacTokens}).
 *
 * <pre>
 *   X-Gatehouse-Assertion: eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.{"ip":"203.0.113.7","route":
 *       "/api/register","method":"POST","path":"/api/register","rid":"…",
 *       "deadline":1764000000000,"timeout":10000,"iss":"gatehouse-edge","aud":"gatehouse-agent",
 *       "iat":…,"exp":…,"key":"website"}.mac
 * </pre>
 *
 * <p>Bound to its request (method, forwarded path, route, request id, deadline, timeout) so it
 * cannot be replayed for another request, nor for the same one twice. Both ends are ours and no
 * third party checks the token, so a shared secret does the job of a signature at a hundredth of
 * the cost.
 */
public final class EdgeAssertion {

  public static final String HEADER = "X-Gatehouse-Assertion";
  public static final String ALGORITHM = "HS256";

  /** Epoch milliseconds by which the edge needs the whole answer; also a claim of the same name. */
  public static final String DEADLINE_HEADER = GatehouseHeaders.DEADLINE;

  /** Milliseconds the edge waits for the answer; also a claim of the same name. */
  public static final String TIMEOUT_HEADER = GatehouseHeaders.TIMEOUT;

  public static final String ISSUER = "gatehouse-edge";
  public static final String AUDIENCE = "gatehouse-agent";
  public static final String CLIENT_IP = "ip";
  public static final String KEY_NAME = "key";
  public static final String ROUTE = "route";
  public static final String METHOD = "method";
  public static final String PATH = "path";
  public static final String REQUEST_ID = "rid";
  public static final String DEADLINE = "deadline";
  public static final String TIMEOUT = "timeout";

  /**
   * A value of its own for each assertion: what the agent's replay cache remembers. The request id
   * cannot be it: a client may send the same {@code X-Request-Id} with every retry.
   */
  public static final String NONCE = "jti";

  private EdgeAssertion() {}
}
