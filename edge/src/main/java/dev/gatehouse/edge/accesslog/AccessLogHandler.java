package dev.gatehouse.edge.accesslog;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.gatehouse.edge.cache.MicroCache;
import dev.gatehouse.edge.metrics.EdgeMetrics;
import dev.gatehouse.edge.request.RequestFacts;
import dev.gatehouse.shared.log.LogTime;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.PlatformHandler;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
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
  private static final JsonFactory JSON = new JsonFactory();

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
        ctx.request().method(),
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
    StringWriter out = new StringWriter(320);
    // Field by field with Jackson's streaming writer (escaping included): one line per request,
    // and a JsonObject would build a map only to encode it.
    try (JsonGenerator line = JSON.createGenerator(out)) {
      line.writeStartObject();
      line.writeStringField("time", LogTime.format(System.currentTimeMillis()));
      line.writeStringField("request_id", facts.id());
      line.writeStringField("client_ip", facts.clientIp());
      line.writeStringField("method", ctx.request().method().name());
      line.writeStringField("path", ctx.request().path());
      line.writeNumberField("status", ctx.response().getStatusCode());
      line.writeNumberField("bytes_in", ctx.request().bytesRead());
      line.writeNumberField("bytes_out", ctx.response().bytesWritten());
      line.writeNumberField("duration_ms", (System.nanoTime() - facts.startedNanos()) / 1e6);
      if (facts.upstream().isPresent()) {
        line.writeStringField("upstream", facts.upstream().get());
      }
      if (facts.upstreamNanos().isPresent()) {
        line.writeNumberField("upstream_ms", facts.upstreamNanos().getAsLong() / 1e6);
      }
      if (facts.keyName().isPresent()) {
        line.writeStringField("key", facts.keyName().get());
      }
      if (facts.error().isPresent()) {
        line.writeStringField("rejected_by", facts.error().get().code().code());
      }
      if (!completed) {
        line.writeBooleanField("aborted", true);
      }
      line.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException("writing an access line to memory failed", e);
    }
    return out.toString();
  }
}
