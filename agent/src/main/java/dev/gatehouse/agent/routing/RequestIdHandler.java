package dev.gatehouse.agent.routing;

import dev.gatehouse.shared.http.GatehouseHeaders;
import dev.gatehouse.shared.log.RequestContext;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.PlatformHandler;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * Keeps the edge's request id for the backends' log lines and echoes it on the answer; a request
 * that came without a usable one (a call on loopback) gets its own. A platform handler, so
 * vertx-web refuses any route that puts it after the body, trust or backend handlers.
 */
final class RequestIdHandler implements PlatformHandler {

  static final String KEY = "gatehouse.requestId";
  private static final Pattern ACCEPTED = Pattern.compile("[A-Za-z0-9._-]{1,64}");

  @Override
  public void handle(RoutingContext ctx) {
    String offered = ctx.request().getHeader(GatehouseHeaders.REQUEST_ID);
    String id = offered != null && ACCEPTED.matcher(offered).matches() ? offered : newId();
    ctx.put(KEY, id);
    RequestContext.enter(id);
    ctx.addHeadersEndHandler(v -> ctx.response().headers().set(GatehouseHeaders.REQUEST_ID, id));
    ctx.next();
  }

  static String of(RoutingContext ctx) {
    return ctx.get(KEY);
  }

  private static String newId() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    return new UUID(random.nextLong(), random.nextLong()).toString();
  }
}
