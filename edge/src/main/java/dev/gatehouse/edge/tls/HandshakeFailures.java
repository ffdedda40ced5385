package dev.gatehouse.edge.tls;

import io.netty.handler.codec.DecoderException;
import io.netty.handler.ssl.NotSslRecordException;
import io.netty.handler.ssl.SslHandshakeTimeoutException;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLHandshakeException;

/**
 * Names why a TLS handshake failed, from the exception the listener reports before a connection
 * exists: {@code not_tls} (plain bytes, e.g. HTTP, on the TLS port), {@code timeout} (no finished
 * handshake within {@code limits.header_timeout}), {@code refused} (no protocol or suite in common,
 * or a malformed hello). Anything else is not a handshake failure.
 */
public final class HandshakeFailures {

  public static final String NOT_TLS = "not_tls";
  public static final String TIMEOUT = "timeout";
  public static final String REFUSED = "refused";
  public static final List<String> REASONS = List.of(NOT_TLS, TIMEOUT, REFUSED);

  private HandshakeFailures() {}

  public static Optional<String> reason(Throwable failure) {
    Throwable cause =
        failure instanceof DecoderException && failure.getCause() != null
            ? failure.getCause()
            : failure;
    if (cause instanceof NotSslRecordException) {
      return Optional.of(NOT_TLS);
    }
    if (cause instanceof SslHandshakeTimeoutException) {
      return Optional.of(TIMEOUT);
    }
    if (cause instanceof SSLHandshakeException) {
      return Optional.of(REFUSED);
    }
    return Optional.empty();
  }
}
