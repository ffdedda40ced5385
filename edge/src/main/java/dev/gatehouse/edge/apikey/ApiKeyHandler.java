package dev.gatehouse.edge.apikey;

import dev.gatehouse.edge.cors.CorsPolicy;
import dev.gatehouse.edge.request.RequestFacts;
import dev.gatehouse.shared.error.ApiError;
import dev.gatehouse.shared.error.ErrorCode;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.AuthenticationHandler;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Requires a valid {@code X-API-Key}; remembers the key's name (never the key) for the access log.
 * A public key counts only on a request from a page of an allowed origin: browsers set {@code
 * Origin} themselves, so another site's page cannot use a copied key; a program outside a browser
 * can claim any origin, and meets the route's per-IP limits and bans like anyone else.
 */
public final class ApiKeyHandler implements AuthenticationHandler {

  public static final String HEADER = "X-API-Key";

  private static final Logger log = LoggerFactory.getLogger(ApiKeyHandler.class);

  private final ApiKeys keys;
  private final Set<String> allowedNames;
  private final CorsPolicy origins;

  /**
   * Secret keys already reported as seen in a browser: one line per key and event loop is enough.
   */
  private final Set<String> reportedInBrowser = new HashSet<>();

  /** {@code allowedNames}: the keys that count on this route; empty for any configured key. */
  public ApiKeyHandler(ApiKeys keys, Set<String> allowedNames, CorsPolicy origins) {
    this.keys = keys;
    this.allowedNames = allowedNames;
    this.origins = origins;
  }

  @Override
  public void handle(RoutingContext ctx) {
    Optional<ApiKeys.Key> key = keys.match(ctx.request().getHeader(HEADER));
    String origin = ctx.request().getHeader("Origin");
    if (key.isEmpty() || !countsHere(key.get(), origin)) {
      ctx.fail(new ApiError(ErrorCode.INVALID_API_KEY));
      return;
    }
    reportIfInAPage(key.get(), origin);
    RequestFacts.of(ctx).keyName(key.get().name());
    // The agent has no use for the key itself; it never leaves the edge.
    ctx.request().headers().remove(HEADER);
    ctx.next();
  }

  private boolean countsHere(ApiKeys.Key key, String origin) {
    return (allowedNames.isEmpty() || allowedNames.contains(key.name()))
        && (!key.isPublic() || origins.allows(origin));
  }

  private void reportIfInAPage(ApiKeys.Key key, String origin) {
    if (!key.isPublic() && origin != null && reportedInBrowser.add(key.name())) {
      log.warn(
          "API key '{}' was sent by a web page (Origin {}): a key in a page is readable by anyone. "
              + "Call /api/register from the website's backend, or give the page its own key marked public: true",
          key.name(),
          origin);
    }
  }
}
