package dev.gatehouse.edge.accesslog;

import dev.gatehouse.edge.apikey.ApiKeyHandler;
import dev.gatehouse.edge.request.ClientIpHandler;
import dev.gatehouse.edge.request.RequestIdHandler;
import dev.gatehouse.shared.error.JsonFailureHandler;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes one JSON line per request when its response ends: who asked, what, the outcome, the key
 * name (never the key) and the policy that rejected it. Logged to {@code gatehouse.access}, which
 * the logging setup writes as the bare JSON object.
 */
public final class AccessLogHandler implements Handler<RoutingContext> {

  public static final String UPSTREAM = "gatehouse.upstream";
  public static final String UPSTREAM_NANOS = "gatehouse.upstreamNanos";
  private static final Logger log = LoggerFactory.getLogger("gatehouse.access");

  @Override
  public void handle(RoutingContext ctx) {
    long started = System.nanoTime();
    ctx.addEndHandler(result -> log.info(line(ctx, started, ctx.response().ended()).encode()));
    ctx.next();
  }

  /** {@code completed}: the whole response was written (not cut off by a closed connection). */
  static JsonObject line(RoutingContext ctx, long startedNanos, boolean completed) {
    JsonObject line =
        new JsonObject()
            .put("time", Instant.now().toString())
            .put("request_id", RequestIdHandler.of(ctx))
            .put("client_ip", ClientIpHandler.of(ctx))
            .put("method", ctx.request().method().name())
            .put("path", ctx.request().path())
            .put("status", ctx.response().getStatusCode())
            .put("bytes_in", ctx.request().bytesRead())
            .put("bytes_out", ctx.response().bytesWritten())
            .put("duration_ms", (System.nanoTime() - startedNanos) / 1_000_000.0);
    putIfPresent(line, "upstream", ctx.get(UPSTREAM));
    Long upstreamNanos = ctx.get(UPSTREAM_NANOS);
    if (upstreamNanos != null) {
      line.put("upstream_ms", upstreamNanos / 1_000_000.0);
    }
    putIfPresent(line, "key", ctx.get(ApiKeyHandler.KEY_NAME));
    JsonFailureHandler.sent(ctx).ifPresent(error -> line.put("rejected_by", error.code().code()));
    if (!completed) {
      line.put("aborted", true);
    }
    return line;
  }

  private static void putIfPresent(JsonObject line, String key, Object value) {
    if (value != null) {
      line.put(key, value);
    }
  }
}
