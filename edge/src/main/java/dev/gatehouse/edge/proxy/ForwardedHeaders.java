package dev.gatehouse.edge.proxy;

import dev.gatehouse.shared.http.GatehouseHeaders;
import dev.gatehouse.shared.trust.EdgeAssertion;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.impl.HttpUtils;
import io.vertx.core.http.impl.headers.HeadersMultiMap;
import java.util.List;

/**
 * What the edge tells the agent about a request it forwards, written on the agent's request in
 * place of anything a client sent under these names: the request's id, who asked ({@code
 * X-Forwarded-For}, replaced and never appended to, as what a client sends there is untrusted), by
 * when the edge needs the answer, and the signed assertion when the upstream has a key. A client's
 * {@code Forwarded} is dropped: the agent reads the edge's word only.
 */
public record ForwardedHeaders(
    String requestId,
    String clientIp,
    long deadline,
    CharSequence timeout,
    CharSequence assertion) {

  private static final CharSequence REQUEST_ID =
      HttpHeaders.createOptimized(GatehouseHeaders.REQUEST_ID);
  private static final CharSequence FORWARDED_FOR = HttpHeaders.createOptimized("X-Forwarded-For");
  private static final CharSequence FORWARDED_PROTO =
      HttpHeaders.createOptimized("X-Forwarded-Proto");
  private static final CharSequence HTTPS = HttpHeaders.createOptimized("https");
  private static final CharSequence DEADLINE =
      HttpHeaders.createOptimized(EdgeAssertion.DEADLINE_HEADER);
  private static final CharSequence TIMEOUT =
      HttpHeaders.createOptimized(EdgeAssertion.TIMEOUT_HEADER);
  private static final CharSequence ASSERTION = HttpHeaders.createOptimized(EdgeAssertion.HEADER);

  /** The names a client's request loses on the way to the agent, whatever their case. */
  public static final List<String> REPLACED =
      List.of(
          REQUEST_ID.toString(),
          FORWARDED_FOR.toString(),
          FORWARDED_PROTO.toString(),
          "Forwarded", // dropped, never written
          DEADLINE.toString(),
          TIMEOUT.toString(),
          ASSERTION.toString());

  /**
   * The map the agent's request is written from. It checks every header as Vert.x does but the
   * assertion, matched by identity so that no header of a client's can pass for it: its 400 bytes
   * of base64url, made by the edge, were a visible share of a request's time to check character by
   * character.
   */
  public static HeadersMultiMap agentRequestHeaders() {
    return HeadersMultiMap.httpHeaders(
        (name, value) -> {
          if (name != ASSERTION) {
            HttpUtils.validateHeader(name, value);
          }
        });
  }

  /** Adds them to {@code headers}, which hold none of {@link #REPLACED}. */
  public void addTo(MultiMap headers) {
    headers
        .add(REQUEST_ID, requestId)
        .add(FORWARDED_FOR, clientIp)
        .add(FORWARDED_PROTO, HTTPS)
        .add(DEADLINE, String.valueOf(deadline))
        .add(TIMEOUT, timeout);
    if (assertion != null) {
      headers.add(ASSERTION, assertion);
    }
  }
}
