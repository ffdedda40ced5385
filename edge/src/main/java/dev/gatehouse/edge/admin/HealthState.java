package dev.gatehouse.edge.admin;

import dev.gatehouse.edge.proxy.TargetPool;
import java.util.Collection;
import java.util.Locale;

/**
 * The edge's verdict on its agents: {@code OK} while every agent takes requests, {@code DEGRADED}
 * while some do not (the others carry the load), {@code FAILING} once an upstream has none left
 * (its routes answer 502/503).
 */
enum HealthState {
  OK,
  DEGRADED,
  FAILING;

  static HealthState of(Collection<TargetPool> pools) {
    HealthState worst = OK;
    for (TargetPool pool : pools) {
      int up = pool.available();
      HealthState state = up == pool.size() ? OK : up == 0 ? FAILING : DEGRADED;
      if (state.compareTo(worst) > 0) {
        worst = state;
      }
    }
    return worst;
  }

  String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
