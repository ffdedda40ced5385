package dev.gatehouse.edge.accesslog;

import dev.gatehouse.edge.cache.MicroCache;
import dev.gatehouse.edge.metrics.EdgeMetrics;
import dev.gatehouse.edge.request.RequestFacts;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.PlatformHandler;
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
          log.info(line(ctx, ctx.response().ended()));
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
        ctx.request().method().name(),
        ctx.response().getStatusCode(),
        System.nanoTime() - facts.startedNanos(),
        facts.upstream(),
        facts.upstreamNanos(),
        facts.error(),
        Optional.ofNullable(ctx.response().headers().get(MicroCache.X_CACHE)));
  }

  /** {@code completed}: the whole response was written (not cut off by a closed connection). */
  static String line(RoutingContext ctx, boolean completed) {
    RequestFacts facts = RequestFacts.of(ctx);
    return new AccessLine(
            facts.id(),
            facts.clientIp(),
            ctx.request().method().name(),
            ctx.request().path(),
            ctx.response().getStatusCode(),
            ctx.request().bytesRead(),
            ctx.response().bytesWritten(),
            System.nanoTime() - facts.startedNanos(),
            facts.upstream(),
            facts.upstreamNanos(),
            facts.keyName(),
            facts.error(),
            completed,
            Optional.empty())
        .json();
  }
}
