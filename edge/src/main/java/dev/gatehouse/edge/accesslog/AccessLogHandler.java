package dev.gatehouse.edge.accesslog;

import dev.gatehouse.edge.cache.MicroCache;
import dev.gatehouse.edge.metrics.EdgeMetrics;
import dev.gatehouse.edge.request.RequestFacts;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.PlatformHandler;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes one JSON line per request when its response ends: who asked, what, the outcome, the key
 * name (never the key) and the error it was answered with. Logged to {@code gatehouse.access},
 * which the logging setup writes as the bare JSON object. The same moment feeds the metrics, so
 * every request the log shows is counted once.
 */
public final class AccessLogHandler implements PlatformHandler {

  private static final Logger log = LoggerFactory.getLogger("gatehouse.access");

  private final EdgeMetrics metrics;

  public AccessLogHandler(EdgeMetrics metrics) {
    this.metrics = metrics;
  }

  @Override
  public void handle(RoutingContext ctx) {
    ctx.addEndHandler(
        result -> {
          log.info(line(ctx, ctx.response().ended()).encode());
          if (metrics.enabled()) {
            record(ctx);
          }
        });
    ctx.next();
  }

  private void record(RoutingContext ctx) {
    RequestFacts facts = RequestFacts.of(ctx);
    metrics.ended(
        metrics.routeOf(ctx.normalizedPath()),
        ctx.request().method(),
        ctx.response().getStatusCode(),
        System.nanoTime() - facts.startedNanos(),
        facts.upstream(),
        facts.upstreamNanos(),
        facts.error(),
        Optional.ofNullable(ctx.response().headers().get(MicroCache.X_CACHE)));
  }

  /** {@code completed}: the whole response was written (not cut off by a closed connection). */
  static JsonObject line(RoutingContext ctx, boolean completed) {
    RequestFacts facts = RequestFacts.of(ctx);
    JsonObject line =
        new JsonObject()
            .put("time", Instant.now().toString())
            .put("request_id", facts.id())
            .put("client_ip", facts.clientIp())
            .put("method", ctx.request().method().name())
            .put("path", ctx.request().path())
            .put("status", ctx.response().getStatusCode())
            .put("bytes_in", ctx.request().bytesRead())
            .put("bytes_out", ctx.response().bytesWritten())
            .put("duration_ms", (System.nanoTime() - facts.startedNanos()) / 1_000_000.0);
    facts.upstream().ifPresent(upstream -> line.put("upstream", upstream));
    facts.upstreamNanos().ifPresent(nanos -> line.put("upstream_ms", nanos / 1_000_000.0));
    facts.keyName().ifPresent(name -> line.put("key", name));
    facts.error().ifPresent(error -> line.put("rejected_by", error.code().code()));
    if (!completed) {
      line.put("aborted", true);
    }
    return line;
  }
}
