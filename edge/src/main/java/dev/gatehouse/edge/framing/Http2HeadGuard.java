package dev.gatehouse.edge.framing;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValidationUtil;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.handler.codec.http2.Http2FrameListener;
import io.netty.handler.codec.http2.Http2FrameListenerDecorator;
import io.netty.handler.codec.http2.Http2Headers;
import java.util.List;

/**
 * Looks at an HTTP/2 request head before Vert.x reads it, for what Vert.x would choke on or lose:
 *
 * <ul>
 *   <li>A {@code :method} that is no token (RFC 9110 section 9.1) resets the stream, as a malformed
 *       request (RFC 9113 section 8.1.1). Vert.x makes such a method into an exception that closes
 *       the whole connection, with the other streams on it; its other malformed requests (no {@code
 *       :path}, say) are reset alike.
 *   <li>Without {@code :authority}, Vert.x takes the first {@code Host} and drops the rest, so
 *       {@link Http2Rules} would never see a second one. The first is copied to {@code :authority}
 *       instead: Vert.x then keeps every {@code Host}, and a repeated one is refused as on
 *       HTTP/1.1.
 * </ul>
 */
final class Http2HeadGuard extends Http2FrameListenerDecorator {

  Http2HeadGuard(Http2FrameListener listener) {
    super(listener);
  }

  @Override
  public void onHeadersRead(
      ChannelHandlerContext ctx,
      int streamId,
      Http2Headers headers,
      int padding,
      boolean endOfStream)
      throws Http2Exception {
    check(streamId, headers);
    super.onHeadersRead(ctx, streamId, headers, padding, endOfStream);
  }

  @Override
  public void onHeadersRead(
      ChannelHandlerContext ctx,
      int streamId,
      Http2Headers headers,
      int streamDependency,
      short weight,
      boolean exclusive,
      int padding,
      boolean endOfStream)
      throws Http2Exception {
    check(streamId, headers);
    super.onHeadersRead(
        ctx, streamId, headers, streamDependency, weight, exclusive, padding, endOfStream);
  }

  private static void check(int streamId, Http2Headers headers) throws Http2Exception {
    CharSequence method = headers.method();
    if (method != null
        && (method.isEmpty() || HttpHeaderValidationUtil.validateToken(method) >= 0)) {
      throw Http2Exception.streamError(
          streamId, Http2Error.PROTOCOL_ERROR, "The :method is not a token.");
    }
    // Trailers have no :method, and Vert.x reads no Host from them.
    if (method != null && headers.authority() == null) {
      List<CharSequence> hosts = headers.getAll(HttpHeaderNames.HOST);
      if (hosts.size() > 1) {
        headers.authority(hosts.get(0));
      }
    }
  }
}
