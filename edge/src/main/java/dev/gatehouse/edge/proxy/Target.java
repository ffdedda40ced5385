package dev.gatehouse.edge.proxy;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.SocketAddress;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One agent of an upstream and what the edge knows of it, shared by every event loop: requests
 * waiting for its answer, the verdict of the active health checks, and its circuit breaker (ejected
 * after consecutive failures of real requests, for a time that doubles while it keeps failing).
 */
final class Target {

  private final SocketAddress address;
  private final CharSequence hostHeader;
  private final UpstreamConfig.HealthCheck check;
  private final UpstreamConfig.Ejection ejection;
  private final AtomicInteger outstanding = new AtomicInteger();

  // Guarded by this.
  private boolean healthy = true;
  private int checksPassed;
  private int checksFailed;
  private Instant lastCheck;
  private String lastCheckProblem;
  private int failuresInARow;
  private boolean ejected;
  private long ejectedUntilNanos;
  private long nextEjectionMillis;
  private int ejections;

  Target(
      SocketAddress address, UpstreamConfig.HealthCheck check, UpstreamConfig.Ejection ejection) {
    this.address = address;
    this.hostHeader = HttpHeaders.createOptimized(authority(address));
    this.check = check;
    this.ejection = ejection;
    this.nextEjectionMillis = ejection.baseTime().toMillis();
  }

  SocketAddress address() {
    return address;
  }

  /** The {@code Host} of a request to this agent, as an HTTP client names the server it asks. */
  CharSequence hostHeader() {
    return hostHeader;
  }

  private static String authority(SocketAddress address) {
    String host = address.host().contains(":") ? "[" + address.host() + "]" : address.host();
    return address.port() == 80 ? host : host + ":" + address.port();
  }

  int outstanding() {
    return outstanding.get();
  }

  void begin() {
    outstanding.incrementAndGet();
  }

  void end() {
    outstanding.decrementAndGet();
  }

  synchronized boolean available(long nowNanos) {
    return healthy && !ejected(nowNanos);
  }

  /** Whether the circuit is open; once its time is up it lets requests through again. */
  private boolean ejected(long nowNanos) {
    if (ejected && nowNanos - ejectedUntilNanos >= 0) {
      ejected = false;
    }
    return ejected;
  }

  /** A request it answered: closes its circuit. */
  synchronized void succeeded() {
    failuresInARow = 0;
    nextEjectionMillis = ejection.baseTime().toMillis();
  }

  /** A request it did not answer (refused, reset, silent): may open its circuit. */
  synchronized void failed(long nowNanos) {
    failuresInARow++;
    if (failuresInARow >= ejection.maxFailures() && !ejected(nowNanos)) {
      ejected = true;
      ejectedUntilNanos = nowNanos + nextEjectionMillis * 1_000_000;
      nextEjectionMillis = Math.min(nextEjectionMillis * 2, ejection.maxTime().toMillis());
      ejections++;
      failuresInARow = 0;
    }
  }

  /** The result of one active check; a passing check also ends an ejection. */
  synchronized void checked(boolean passed, String problem, Instant when) {
    lastCheck = when;
    lastCheckProblem = problem;
    if (passed) {
      checksFailed = 0;
      if (++checksPassed >= check.healthyThreshold()) {
        healthy = true;
        ejected = false;
        failuresInARow = 0;
        nextEjectionMillis = ejection.baseTime().toMillis();
      }
    } else {
      checksPassed = 0;
      if (++checksFailed >= check.unhealthyThreshold()) {
        healthy = false;
      }
    }
  }

  /** Closes its circuit at once (an operator's restart of the pool); health checks still judge. */
  synchronized void readmit() {
    ejected = false;
    failuresInARow = 0;
    nextEjectionMillis = ejection.baseTime().toMillis();
  }

  synchronized int ejections() {
    return ejections;
  }

  synchronized JsonObject toJson(long nowNanos) {
    String state = !healthy ? "unhealthy" : ejected(nowNanos) ? "ejected" : "healthy";
    JsonObject json =
        new JsonObject()
            .put("target", address.host() + ":" + address.port())
            .put("state", state)
            .put("outstanding", outstanding.get())
            .put("ejections", ejections)
            .put("last_check", lastCheck == null ? null : lastCheck.toString())
            .put("last_check_ok", lastCheck == null ? null : lastCheckProblem == null);
    if (lastCheckProblem != null) {
      json.put("last_check_problem", lastCheckProblem);
    }
    if (state.equals("ejected")) {
      json.put("ejected_for_ms", (ejectedUntilNanos - nowNanos) / 1_000_000);
    }
    return json;
  }
}
