package dev.gatehouse.shared.http;

/** Header names the edge and the agent both speak, written once. */
public final class GatehouseHeaders {

  /** The request's id, set by the edge and carried to the agent and its backends. */
  public static final String REQUEST_ID = "X-Request-Id";

  private GatehouseHeaders() {}
}
