package dev.gatehouse.edge.policy;

import dev.gatehouse.shared.error.ApiError;
import dev.gatehouse.shared.error.ErrorCode;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;

/** Requires a valid {@code X-API-Key}; remembers the key's name (never the key) for the access log. */
public final class ApiKeyHandler implements Handler<RoutingContext> {

  public static final String HEADER = "X-API-Key";
  public static final String KEY_NAME = "gatehouse.apiKeyName";

  private final ApiKeys keys;

  public ApiKeyHandler(ApiKeys keys) {
    this.keys = keys;
  }

  @Override
  public void handle(RoutingContext ctx) {
    Optional<String> name = keys.match(ctx.request().getHeader(HEADER));
    if (name.isEmpty()) {
      ctx.fail(new ApiError(ErrorCode.INVALID_API_KEY));
      return;
    }
    ctx.put(KEY_NAME, name.get());
    // The agent has no use for the key itself; it never leaves the edge.
    ctx.request().headers().remove(HEADER);
    ctx.next();
  }
}
