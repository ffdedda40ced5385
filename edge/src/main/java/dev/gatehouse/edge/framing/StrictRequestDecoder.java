package dev.gatehouse.edge.framing;

import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.HttpMessage;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.impl.VertxHttpRequestDecoder;

/**
 * Vert.x's request decoder, except for a request with both {@code Content-Length} and {@code
 * Transfer-Encoding}. Netty drops the length and reads the body as chunked; a proxy behind that
 * reads the length instead would see a second, smuggled request. RFC 9112 section 6.3 lets a server
 * reject such a message and requires it to close the connection: the message is marked failed here
 * and {@link FramingGuard} answers 400 and closes.
 */
final class StrictRequestDecoder extends VertxHttpRequestDecoder {

  StrictRequestDecoder(HttpServerOptions options) {
    super(options);
  }

  @Override
  protected void handleTransferEncodingChunkedWithContentLength(HttpMessage message) {
    super.handleTransferEncodingChunkedWithContentLength(message);
    message.setDecoderResult(
        DecoderResult.failure(
            new FramingException("Content-Length and Transfer-Encoding may not come together.")));
  }

  /** A request whose framing is ambiguous. */
  static final class FramingException extends IllegalArgumentException {

    FramingException(String message) {
      super(message, null);
    }
  }
}
