package dev.gatehouse.edge.request;

import dev.gatehouse.shared.http.GatehouseHeaders;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.PlatformHandler;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * Gives every request an id: the client's {@code X-Request-Id} when it is short and plain,
 * otherwise a new one, so log lines on the edge and the agent can be joined. Echoed on the
 * response. First in the chain: it starts the request's {@link RequestFacts}.
 */
public final class RequestIdHandler implements PlatformHandler {

  public static final String HEADER = GatehouseHeaders.REQUEST_ID;

  private static final Pattern ACCEPTED = Pattern.compile("[A-Za-z0-9._-]{1,64}");

  @Override
  public void handle(RoutingContext ctx) {
    String offered = ctx.request().getHeader(HEADER);
    String id = offered != null && ACCEPTED.matcher(offered).matches() ? offered : newId();
    RequestFacts.begin(ctx, id);
    ctx.request().headers().set(HEADER, id);
    ctx.addHeadersEndHandler(v -> ctx.response().headers().set(HEADER, id));
    ctx.next();
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
