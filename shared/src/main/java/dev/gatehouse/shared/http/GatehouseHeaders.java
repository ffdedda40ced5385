package dev.gatehouse.shared.http;

/** Header names the edge and the agent both speak, written once. */
public final class GatehouseHeaders {

  /** The request's id, set by the edge and carried to the agent and its backends. */
  public static final String REQUEST_ID = "X-Request-Id";

  /**
   * When the edge stops waiting for the answer, in epoch milliseconds: the agent gives up before
   * it, so that nothing a client was told had failed is done afterwards.
   */
  public static final String DEADLINE = "X-Gatehouse-Deadline";

  /**
   * How long the edge waits for the answer from when it sends the request, in milliseconds. The
   * agent counts its own deadline from this, on its own clock: the two machines' clocks may differ
   * by seconds, and a deadline on the edge's clock read on a clock that is behind would let the
   * agent commit after the edge has told the client it failed.
   */
  public static final String TIMEOUT = "X-Gatehouse-Timeout";

  private GatehouseHeaders() {}
}
