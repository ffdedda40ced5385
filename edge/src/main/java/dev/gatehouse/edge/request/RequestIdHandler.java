package dev.gatehouse.edge.request;

import dev.gatehouse.shared.http.GatehouseHeaders;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.PlatformHandler;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Gives every request an id: the client's {@code X-Request-Id} when it is short and plain,
 * otherwise a new one, so log lines on the edge and the agent can be joined. Echoed on the
 * response. First in the chain: it starts the request's {@link RequestFacts}.
 */
public final class RequestIdHandler implements PlatformHandler {

  public static final String HEADER = GatehouseHeaders.REQUEST_ID;

  private static final int MAX_LENGTH = 64;

  @Override
  public void handle(RoutingContext ctx) {
    String id = idFor(ctx.request().getHeader(HEADER));
    RequestFacts.begin(ctx, id);
    ctx.request().headers().set(HEADER, id);
    ctx.addHeadersEndHandler(v -> ctx.response().headers().set(HEADER, id));
    ctx.next();
  }

  /** The client's own id when it is short and plain, else a new one. */
  public static String idFor(String offered) {
    return offered != null && plain(offered) ? offered : newId();
  }

  /**
   * 1 to 64 of {@code A-Z a-z 0-9 . _ -}. A loop over the characters, not a regex: a client that
   * sends its own id pays this on every request (bench/jmh: EveryRequestBenchmark).
   */
  private static boolean plain(String id) {
    if (id.isEmpty() || id.length() > MAX_LENGTH) {
      return false;
    }
    for (int i = 0; i < id.length(); i++) {
      char c = id.charAt(i);
      boolean allowed =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || c == '.'
              || c == '_'
              || c == '-';
      if (!allowed) {
        return false;
      }
    }
    return true;
  }

  /**
   * 128 random bits in UUID form. Ids only join log lines, so a per-thread generator serves: the
   * JDK's {@code UUID.randomUUID()} draws from one shared SecureRandom on every request.
   */
  private static String newId() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    return new UUID(random.nextLong(), random.nextLong()).toString();
  }
}
