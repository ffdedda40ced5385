package dev.gatehouse.edge.framing;

import dev.gatehouse.edge.accesslog.OutsideRoutes;
import dev.gatehouse.edge.request.RequestIdHandler;
import dev.gatehouse.shared.error.ApiError;
import dev.gatehouse.shared.error.ErrorCode;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.ReferenceCountUtil;
import io.vertx.core.net.HostAndPort;
import java.net.InetSocketAddress;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;

/**
 * Sits between the HTTP/1.x decoder and Vert.x and refuses, before any handler sees it, a request
 * whose framing is ambiguous or that the codec could not read: the answer is the JSON error of the
 * public API and the connection is closed, since the rest of its bytes cannot be trusted.
 *
 * <pre>
 *   POST / HTTP/1.1            Content-Length and Transfer-Encoding together   400
 *   Transfer-Encoding: chunked Transfer-Encoding twice, or on HTTP/1.0         400
 *   Transfer-Encoding: gzip    any coding but chunked alone                    400
 *   Host: a / Host: b          any header the edge decides on, twice           400
 *   (no Host) HTTP/1.1         no Host on HTTP/1.1, or one that is no host     400
 *   (more than max_headers)                                                    431
 *   GET /a"<b> HTTP/1.1        a target with a byte a URI may not hold          400
 *   GET /a…(too long) HTTP/1.1 what the codec itself refuses                   400 414 431
 *   zz\r\nhello (a chunk)      a body the codec cannot read, before any answer 400
 *   GET / HTTP/1.2             a version other than 1.0 and 1.1                505
 *   GET http://x/p HTTP/1.1    absolute form: continues as GET /p
 * </pre>
 */
final class FramingGuard extends ChannelDuplexHandler {

  private final int maxHeaders;
  private final String hsts;
  private final OutsideRoutes outside;
  private final Optional<String> listener;
  private boolean refused;

  /** What could be read of the request under way, for the access line of a refusal. */
  private String method = "-";

  private String path = "-";

  /** Whether an answer to the request being read has begun: then only closing is left. */
  private boolean answered;

  /** {@code listener}: empty for the HTTPS listener, as in {@link OutsideRoutes#refused}. */
  FramingGuard(int maxHeaders, String hsts, OutsideRoutes outside, Optional<String> listener) {
    this.maxHeaders = maxHeaders;
    this.hsts = hsts;
    this.outside = outside;
    this.listener = listener;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (refused) {
      // The rest of a refused request, read while the answer is being written.
      ReferenceCountUtil.release(msg);
      return;
    }
    if (msg instanceof HttpRequest request) {
      answered = false;
      method = request.method().name();
      String uri = request.uri();
      int query = uri.indexOf('?');
      path = query < 0 ? uri : uri.substring(0, query);
      Optional<ApiError> problem = problem(request);
      if (problem.isPresent()) {
        refuse(ctx, msg, problem.get());
        return;
      }
    } else if (msg instanceof HttpContent content
        && content.decoderResult().isFailure()
        && !answered) {
      // A body whose chunks cannot be read (a bad size line, say): the request it belongs to is
      // under way, but nothing has been answered yet, so the client still gets the JSON error.
      refuse(ctx, msg, badRequest("The request body's chunked framing is broken."));
      return;
    }
    ctx.fireChannelRead(msg);
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
    if (msg instanceof HttpResponse response
        && response.status().codeClass() != HttpStatusClass.INFORMATIONAL) {
      answered = true;
    }
    ctx.write(msg, promise);
  }

  private void refuse(ChannelHandlerContext ctx, Object msg, ApiError error) {
    refused = true;
    ReferenceCountUtil.release(msg);
    refuse(ctx, error);
  }

  private static String clientIp(ChannelHandlerContext ctx) {
    return ctx.channel().remoteAddress() instanceof InetSocketAddress address
            && address.getAddress() != null
        ? address.getAddress().getHostAddress()
        : "-";
  }

  Optional<ApiError> problem(HttpRequest request) {
    DecoderResult result = request.decoderResult();
    if (result.isFailure()) {
      return Optional.of(unreadable(result.cause()));
    }
    HttpVersion version = request.protocolVersion();
    if (version != HttpVersion.HTTP_1_1 && version != HttpVersion.HTTP_1_0) {
      return Optional.of(new ApiError(ErrorCode.HTTP_VERSION_NOT_SUPPORTED));
    }
    HeaderCounter counts = new HeaderCounter();
    Iterator<Map.Entry<CharSequence, CharSequence>> entries =
        request.headers().iteratorCharSequence();
    while (entries.hasNext()) {
      Map.Entry<CharSequence, CharSequence> header = entries.next();
      counts.add(header.getKey(), header.getValue());
    }
    // Every header line counts, a repeated name as often as it is sent.
    if (counts.lines() > maxHeaders) {
      return Optional.of(tooManyHeaders(maxHeaders));
    }
    if (counts.encodings() > 1 || (counts.encodings() == 1 && version == HttpVersion.HTTP_1_0)) {
      return Optional.of(badRequest("Transfer-Encoding must be one header, on HTTP/1.1."));
    }
    if (!counts.onlyChunked()) {
      return Optional.of(badRequest("Transfer-Encoding may only be chunked."));
    }
    if (counts.repeated() != null) {
      return Optional.of(repeated(counts.repeated()));
    }
    // RFC 9112 section 3.2: an HTTP/1.1 request without a Host, or with one that is no host, is
    // answered 400.
    if (counts.host() == null
        ? version == HttpVersion.HTTP_1_1
        : HostAndPort.parseAuthority(counts.host(), -1) == null) {
      return Optional.of(badRequest("A Host header naming a host is required."));
    }
    if (!RequestTarget.valid(request.uri())) {
      return Optional.of(RequestTarget.invalid());
    }
    return OriginForm.rewrite(request) ? Optional.empty() : Optional.of(notAPath());
  }

  static ApiError notAPath() {
    return badRequest("The request target is not a path.");
  }

  static ApiError tooManyHeaders(int maxHeaders) {
    return new ApiError(
        ErrorCode.HEADERS_TOO_LARGE, "A request may have at most " + maxHeaders + " headers.");
  }

  static ApiError repeated(String name) {
    return badRequest("The header " + name + " may appear only once.");
  }

  private static ApiError unreadable(Throwable cause) {
    if (cause instanceof TooLongFrameException tooLong) {
      String text = String.valueOf(tooLong.getMessage());
      if (text.startsWith("An HTTP line is larger")) {
        return new ApiError(ErrorCode.URI_TOO_LONG);
      }
      if (text.startsWith("HTTP header is larger")) {
        return new ApiError(ErrorCode.HEADERS_TOO_LARGE);
      }
    }
    if (cause instanceof StrictRequestDecoder.FramingException framing) {
      return badRequest(framing.getMessage());
    }
    return new ApiError(ErrorCode.BAD_REQUEST);
  }

  static ApiError badRequest(String message) {
    return new ApiError(ErrorCode.BAD_REQUEST, message);
  }

  private void refuse(ChannelHandlerContext ctx, ApiError error) {
    String requestId = RequestIdHandler.idFor(null);
    byte[] body = error.toBuffer().getBytes();
    FullHttpResponse response =
        new DefaultFullHttpResponse(
            HttpVersion.HTTP_1_1,
            HttpResponseStatus.valueOf(error.status()),
            Unpooled.wrappedBuffer(body));
    response
        .headers()
        .set(HttpHeaderNames.CONTENT_TYPE, "application/json")
        .set(HttpHeaderNames.CACHE_CONTROL, "no-store")
        .set(HttpHeaderNames.CONTENT_LENGTH, body.length)
        .set(HttpHeaderNames.CONNECTION, "close")
        // What every answer of the edge carries, these too.
        .set("X-Content-Type-Options", "nosniff")
        .set(RequestIdHandler.HEADER, requestId);
    if (hsts != null) {
      response.headers().set("Strict-Transport-Security", hsts);
    }
    ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    outside.refused(listener, requestId, clientIp(ctx), method, path, error);
  }
}
