package dev.gatehouse.edge.framing;

import dev.gatehouse.edge.accesslog.OutsideRoutes;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http2.Http2ConnectionDecoder;
import io.netty.handler.codec.http2.Http2ConnectionHandler;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.impl.ConnectionBase;
import java.util.Optional;

/**
 * Puts the strict HTTP/1.x decoder and the {@link FramingGuard} into a new HTTP/1 connection's
 * Netty pipeline, and the {@link Http2HeadGuard} before an HTTP/2 connection's frame listener. The
 * only class of the edge that reaches into Vert.x's internals: the pipeline's handler names are
 * Vert.x's ({@code httpDecoder}, {@code handler}).
 */
public final class ConnectionFraming {

  private final HttpServerOptions options;
  private final int maxHeaders;
  private final String hsts;
  private final OutsideRoutes outside;
  private final Optional<String> listener;

  /**
   * {@code hsts}: the HTTPS listener's {@code Strict-Transport-Security}, null on plain HTTP; the
   * guard's refusals are logged and counted by {@code outside} as {@code listener}'s.
   */
  public ConnectionFraming(
      HttpServerOptions options,
      int maxHeaders,
      String hsts,
      OutsideRoutes outside,
      Optional<String> listener) {
    this.options = options;
    this.maxHeaders = maxHeaders;
    this.hsts = hsts;
    this.outside = outside;
    this.listener = listener;
  }

  public void install(HttpConnection connection) {
    if (!(connection instanceof ConnectionBase base)) {
      return;
    }
    ChannelPipeline pipeline = base.channelHandlerContext().pipeline();
    if (pipeline.get("handler") instanceof Http2ConnectionHandler http2) {
      // Vert.x sets its listener when the client's settings arrive and announces the connection
      // right after, before any request of it is read.
      Http2ConnectionDecoder decoder = http2.decoder();
      if (!(decoder.frameListener() instanceof Http2HeadGuard)) {
        decoder.frameListener(new Http2HeadGuard(decoder.frameListener()));
      }
      return;
    }
    if (pipeline.get("httpDecoder") == null
        || pipeline.get("handler") == null
        || pipeline.get("framingGuard") != null) {
      return;
    }
    // Before Vert.x's handler and after the encoder, so the guard's answers are encoded. Added
    // first: replacing the decoder hands on the bytes it holds, which can announce the connection
    // once more (a plain-text listener's h2c check), and that call must find the guard in place.
    pipeline.addBefore(
        "handler", "framingGuard", new FramingGuard(maxHeaders, hsts, outside, listener));
    pipeline.replace("httpDecoder", "httpDecoder", new StrictRequestDecoder(options));
  }
}
