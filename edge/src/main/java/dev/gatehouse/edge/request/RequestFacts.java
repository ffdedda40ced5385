package dev.gatehouse.edge.request;

import dev.gatehouse.shared.error.ApiError;
import dev.gatehouse.shared.error.ErrorReplies;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What the edge learns about one request on its way through the chain: its id, the client's IP, the
 * API key's name, the upstream it went to and how long that took, and the error it was answered
 * with. Handlers record and read these here rather than in each other's context keys.
 */
public final class RequestFacts {

  private static final String KEY = "gatehouse.request";

  private final RoutingContext ctx;
  private final String id;
  private final long startedNanos = System.nanoTime();
  private String clientIp = "unknown";
  private String keyName;
  private String upstream;
  private long forwardedNanos;
  private long upstreamNanos = -1;

  private RequestFacts(RoutingContext ctx, String id) {
    this.ctx = ctx;
    this.id = id;
  }

  /** Starts the facts of a request; the first handler of the chain calls this. */
  static RequestFacts begin(RoutingContext ctx, String id) {
    RequestFacts facts = new RequestFacts(ctx, id);
    ctx.put(KEY, facts);
    return facts;
  }

  public static RequestFacts of(RoutingContext ctx) {
    return ctx.get(KEY);
  }

  public String id() {
    return id;
  }

  public long startedNanos() {
    return startedNanos;
  }

  public String clientIp() {
    return clientIp;
  }

  void clientIp(String ip) {
    this.clientIp = ip;
  }

  /** The name (never the value) of the API key the request was let in with. */
  public Optional<String> keyName() {
    return Optional.ofNullable(keyName);
  }

  public void keyName(String name) {
    this.keyName = name;
  }

  public Optional<String> upstream() {
    return Optional.ofNullable(upstream);
  }

  /**
   * The request leaves for {@code upstreamName}; the wait ends when the answer's headers are
   * written, the agent's or the edge's 502/504 for its absence.
   */
  public void forwardedTo(String upstreamName) {
    this.upstream = upstreamName;
    this.forwardedNanos = System.nanoTime();
    ctx.addHeadersEndHandler(v -> upstreamNanos = System.nanoTime() - forwardedNanos);
  }

  public OptionalLong upstreamNanos() {
    return upstreamNanos < 0 ? OptionalLong.empty() : OptionalLong.of(upstreamNanos);
  }

  /** The error the request was answered with, wherever it was decided. */
  public Optional<ApiError> error() {
    return ErrorReplies.sent(ctx);
  }
}
