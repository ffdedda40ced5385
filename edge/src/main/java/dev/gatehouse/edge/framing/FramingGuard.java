package dev.gatehouse.edge.framing;

import dev.gatehouse.shared.error.ApiError;
import dev.gatehouse.shared.error.ErrorCode;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.AsciiString;
import io.netty.util.ReferenceCountUtil;
import java.util.Iterator;
import java.util.List;
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
 *   Host: a / Host: b          any header the edge decides on, twice           400
 *   (more than max_headers)                                                    431
 *   GET /a…(too long) HTTP/1.1 what the codec itself refuses                   400 414 431
 *   GET / HTTP/1.2             a version other than 1.0 and 1.1                505
 *   GET http://x/p HTTP/1.1    absolute form: continues as GET /p
 * </pre>
 */
final class FramingGuard extends ChannelInboundHandlerAdapter {

  /** Headers the edge or the agent decides on: a second copy could be read differently behind. */
  static final List<String> SINGLE =
      List.of(
          "host",
          "content-length",
          "content-type",
          "x-api-key",
          "origin",
          "x-request-id",
          "x-forwarded-for",
          "authorization",
          "idempotency-key",
          "access-control-request-method",
          "x-gatehouse-assertion",
          "x-gatehouse-deadline");

  private final int maxHeaders;
  private boolean refused;

  FramingGuard(int maxHeaders) {
    this.maxHeaders = maxHeaders;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (refused) {
      // The rest of a refused request, read while the answer is being written.
      ReferenceCountUtil.release(msg);
      return;
    }
    if (msg instanceof HttpRequest request) {
      Optional<ApiError> problem = problem(request);
      if (problem.isPresent()) {
        refused = true;
        ReferenceCountUtil.release(msg);
        refuse(ctx, problem.get());
        return;
      }
    }
    ctx.fireChannelRead(msg);
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
    HeaderCounts counts = HeaderCounts.of(request.headers());
    // Every header line counts, a repeated name as often as it is sent.
    if (counts.lines() > maxHeaders) {
      return Optional.of(
          new ApiError(
              ErrorCode.HEADERS_TOO_LARGE,
              "A request may have at most " + maxHeaders + " headers."));
    }
    if (counts.encodings() > 1 || (counts.encodings() == 1 && version == HttpVersion.HTTP_1_0)) {
      return Optional.of(badRequest("Transfer-Encoding must be one header, on HTTP/1.1."));
    }
    if (counts.repeated() != null) {
      return Optional.of(badRequest("The header " + counts.repeated() + " may appear only once."));
    }
    return OriginForm.rewrite(request)
        ? Optional.empty()
        : Optional.of(badRequest("The request target is not a path."));
  }

  /**
   * The headers' names read once: how many header lines and {@code Transfer-Encoding} headers there
   * are, and the first of {@link #SINGLE} seen twice. Every request passes here, so no lookup or
   * list per name.
   */
  private record HeaderCounts(int lines, int encodings, String repeated) {

    static HeaderCounts of(HttpHeaders headers) {
      int lines = 0;
      int encodings = 0;
      String repeated = null;
      int seen = 0; // bit i: SINGLE.get(i) was seen (SINGLE has fewer than 32 names)
      Iterator<Map.Entry<CharSequence, CharSequence>> entries = headers.iteratorCharSequence();
      while (entries.hasNext()) {
        CharSequence name = entries.next().getKey();
        lines++;
        if (AsciiString.contentEqualsIgnoreCase(name, HttpHeaderNames.TRANSFER_ENCODING)) {
          encodings++;
          continue;
        }
        int single = single(name);
        if (single < 0) {
          continue;
        }
        if ((seen & (1 << single)) != 0 && repeated == null) {
          repeated = SINGLE.get(single);
        }
        seen |= 1 << single;
      }
      return new HeaderCounts(lines, encodings, repeated);
    }

    private static int single(CharSequence name) {
      for (int i = 0; i < SINGLE.size(); i++) {
        String candidate = SINGLE.get(i);
        if (candidate.length() == name.length()
            && AsciiString.contentEqualsIgnoreCase(name, candidate)) {
          return i;
        }
      }
      return -1;
    }
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

  private static ApiError badRequest(String message) {
    return new ApiError(ErrorCode.BAD_REQUEST, message);
  }

  private static void refuse(ChannelHandlerContext ctx, ApiError error) {
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
        .set(HttpHeaderNames.CONNECTION, "close");
    ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
  }
}
