package dev.gatehouse.edge.limits;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Open connections per client IP across all edge instances. An entry lives only while its IP has
 * connections open, so the map is bounded by the open connections themselves.
 */
public final class ConnectionCounter {

  private final int maxPerIp;
  private final ConcurrentHashMap<String, Integer> open = new ConcurrentHashMap<>();

  public ConnectionCounter(int maxPerIp) {
    this.maxPerIp = maxPerIp;
  }

  /** Counts a new connection from {@code ip}, or refuses it when the IP is at its limit. */
  public boolean tryOpen(String ip) {
    boolean[] accepted = {false};
    open.compute(
        ip,
        (key, count) -> {
          int current = count == null ? 0 : count;
          if (current >= maxPerIp) {
            return count;
          }
          accepted[0] = true;
          return current + 1;
        });
    return accepted[0];
  }

  /** Connections open now, from every IP. */
  public int open() {
    return open.values().stream().mapToInt(Integer::intValue).sum();
  }

  public void closed(String ip) {
    open.computeIfPresent(ip, (key, count) -> count <= 1 ? null : count - 1);
  }
}
