package dev.gatehouse.edge.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseDecoder;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.vertx.core.http.HttpMethod;
import java.util.List;

/**
 * Reads an agent's answers, and only those asked for: between the end of one answer and the next
 * request, a single byte from the agent closes the connection, a part of a response head included,
 * which the next request would otherwise take for the start of its own answer. It knows the method
 * of the one request in flight, so a {@code HEAD}'s answer has no body however many interim (1xx)
 * answers came first. As nginx does, it refuses an answer whose length could be read two ways (RFC
 * 9112 section 6.3): a {@code Content-Length} with {@code Transfer-Encoding}, or any coding but
 * {@code chunked} alone, which leaves the length to the connection's close.
 */
final class AgentDecoder extends HttpResponseDecoder {

  // The agent's head lines and headers may be as long as Vert.x's client allows.
  private static final int MAX_INITIAL_LINE = 4096;
  private static final int MAX_HEADER_SIZE = 8192;
  private static final int MAX_CHUNK_SIZE = 8192;

  private boolean answering;
  private boolean head;
  private boolean interim;

  AgentDecoder() {
    super(
        new HttpDecoderConfig()
            .setMaxInitialLineLength(MAX_INITIAL_LINE)
            .setMaxHeaderSize(MAX_HEADER_SIZE)
            .setMaxChunkSize(MAX_CHUNK_SIZE));
  }

  /** A request with {@code method} is about to go out: its answer is the next thing to read. */
  void expect(HttpMethod method) {
    answering = true;
    head = method == HttpMethod.HEAD;
    interim = false;
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) throws Exception {
    if (!answering) {
      if (in.isReadable()) {
        in.skipBytes(in.readableBytes());
        ctx.close();
      }
      return;
    }
    int from = out.size();
    super.decode(ctx, in, out);
    for (int i = from; i < out.size(); i++) {
      Object decoded = out.get(i);
      if (decoded instanceof HttpResponse response) {
        interim = response.status().code() < 200;
        if (response.headers().contains(HttpHeaderNames.TRANSFER_ENCODING)
            && !chunkedOnly(response)) {
          response.setDecoderResult(
              DecoderResult.failure(
                  new IllegalArgumentException(
                      "the agent's answer has a Transfer-Encoding other than chunked alone on"
                          + " HTTP/1.1 with no Content-Length")));
        }
      }
      if (decoded instanceof LastHttpContent && !interim) {
        answering = false;
      }
    }
  }

  @Override
  protected void handleTransferEncodingChunkedWithContentLength(HttpMessage message) {
    // Netty would drop the length and read chunks; thrown here, the answer is an invalid one.
    throw new IllegalArgumentException(
        "the agent's answer has both a Content-Length and a Transfer-Encoding");
  }

  /**
   * Whether an answer with a {@code Transfer-Encoding} is framed by chunks alone: on HTTP/1.0,
   * which has no codings (RFC 9112 section 6.1), and with a {@code Content-Length} Netty would read
   * chunks and leave the length to mislead the client.
   */
  private static boolean chunkedOnly(HttpResponse response) {
    List<String> codings = response.headers().getAll(HttpHeaderNames.TRANSFER_ENCODING);
    return response.protocolVersion().equals(HttpVersion.HTTP_1_1)
        && !response.headers().contains(HttpHeaderNames.CONTENT_LENGTH)
        && codings.size() == 1
        && HttpHeaderValues.CHUNKED.contentEqualsIgnoreCase(codings.get(0).trim());
  }

  @Override
  protected boolean isContentAlwaysEmpty(HttpMessage message) {
    return head || super.isContentAlwaysEmpty(message);
  }
}
