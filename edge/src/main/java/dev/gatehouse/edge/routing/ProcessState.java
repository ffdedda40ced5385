package dev.gatehouse.edge.routing;

import dev.gatehouse.edge.ban.BanList;
import dev.gatehouse.edge.cache.ResponseCache;
import dev.gatehouse.edge.limits.ConnectionCounter;
import dev.gatehouse.edge.metrics.EdgeMetrics;
import dev.gatehouse.edge.proxy.TargetPool;
import dev.gatehouse.edge.ratelimit.RateLimiter;
import java.util.Map;

/**
 * What every event loop of one edge process shares, so that limits, bans and agent health are
 * judged per process rather than per event loop.
 *
 * @param limiters one per rate-limited route, by path
 * @param pools one per upstream, by name
 * @param caches one per cached route, by path
 */
public record ProcessState(
    Map<String, RateLimiter> limiters,
    ConnectionCounter connections,
    BanList bans,
    Map<String, TargetPool> pools,
    Map<String, ResponseCache> caches,
    EdgeMetrics metrics) {}
