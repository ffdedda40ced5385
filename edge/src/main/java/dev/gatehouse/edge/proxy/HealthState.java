package dev.gatehouse.edge.proxy;

import dev.gatehouse.shared.error.ErrorReplies;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Collection;
import java.util.Locale;

/**
 * The edge's verdict on its agents: {@code OK} while every agent takes requests, {@code DEGRADED}
 * while some do not (the others carry the load), {@code FAILING} once an upstream has none left
 * (its routes answer 502/503).
 */
public enum HealthState {
  OK,
  DEGRADED,
  FAILING;

  public static HealthState of(Collection<TargetPool> pools) {
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

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Answers {@code body} with this verdict's status: 503 with {@code Retry-After} when failing. */
  public void answer(RoutingContext ctx, JsonObject body) {
    if (this == FAILING) {
      ctx.response()
          .setStatusCode(503)
          .putHeader(HttpHeaders.RETRY_AFTER, String.valueOf(ErrorReplies.RETRY_AFTER_SECONDS));
    }
    ctx.json(body);
  }
}
