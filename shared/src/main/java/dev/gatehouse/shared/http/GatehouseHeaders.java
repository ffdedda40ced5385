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

  private GatehouseHeaders() {}
}
