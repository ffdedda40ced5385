package dev.gatehouse.edge.proxy;

import dev.gatehouse.edge.body.BoundedRead;
import dev.gatehouse.shared.error.ApiError;
import dev.gatehouse.shared.error.ErrorReplies;
import dev.gatehouse.shared.proxy.HopByHopHeaders;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.streams.Pipe;
import io.vertx.core.streams.ReadStream;
import io.vertx.ext.web.RoutingContext;
import java.util.function.Consumer;

/**
 * What goes back to the client for a forwarded request: an agent's response relayed with its body
 * streaming through ({@link #relayed}), or one the edge made itself, an error or a cached answer
 * ({@link #made}). Headers the edge adds on top ({@code X-Cache}, {@code Age}) are set last.
 */
public sealed interface Answer {

  int status();

  /** The value of header {@code name} as the agent or the edge set it, or null. */
  String getHeader(CharSequence name);

  /** The edge's own error this answer reports, when it is one (none for an agent's answer). */
  ApiError error();

  /** Sets a header of the edge's own on the answer. */
  Answer header(CharSequence name, String value);

  /**
   * While the body goes to the client, keeps a copy of it, up to {@code max} bytes: {@code kept}
   * gets it when the body has ended, or null if it was larger or broke off.
   */
  Answer keeping(long max, Consumer<Buffer> kept);

  /** Sends the answer to {@code client}. */
  Future<Void> send(HttpServerRequest client);

  /** Drops an answer that will not be sent; what is left of an agent's body is read and dropped. */
  void discard();

  /** An agent's response, paused until it is sent. */
  static Answer relayed(AgentResponse response) {
    return new Relayed(response);
  }

  /**
   * An answer made at the edge, from a copy of {@code headers}; {@code error} (or null) is recorded
   * as the request's answer when it is sent.
   */
  static Answer made(int status, MultiMap headers, Buffer body, ApiError error) {
    return new Made(status, MultiMap.caseInsensitiveMultiMap().addAll(headers), body, error);
  }

  /** {@code error} as the JSON error answer, recorded on {@code ctx} as what it was answered. */
  static Answer error(RoutingContext ctx, ApiError error) {
    MultiMap headers = MultiMap.caseInsensitiveMultiMap();
    ErrorReplies.prepare(ctx, error, headers);
    return new Made(error.status(), headers, error.toBuffer(), error);
  }

  /**
   * An agent's response: its headers copied once, a small body read whole and sent with them, a
   * larger one piped with back-pressure.
   */
  final class Relayed implements Answer {

    /** The most an HTTP/1.0 client's answer without a length is read into memory for. */
    private static final long HTTP_1_0_BODY_LIMIT = 16L * 1024 * 1024;

    /**
     * The largest body with a length that is read whole before it goes out. No more than the
     * connection's write queue holds while a streamed body waits for a slow client anyway.
     */
    private static final long WHOLE_BODY_MAX = 16 * 1024;

    private static final String RETRY_AFTER = String.valueOf(ErrorReplies.RETRY_AFTER_SECONDS);

    private final AgentResponse response;
    private final MultiMap added = MultiMap.caseInsensitiveMultiMap();
    private long keepMax;
    private Consumer<Buffer> kept;

    private Relayed(AgentResponse response) {
      this.response = response;
    }

    @Override
    public int status() {
      return response.statusCode();
    }

    @Override
    public String getHeader(CharSequence name) {
      String own = added.get(name);
      return own != null ? own : response.getHeader(name);
    }

    @Override
    public ApiError error() {
      return null;
    }

    @Override
    public Answer header(CharSequence name, String value) {
      added.set(name, value);
      return this;
    }

    @Override
    public Answer keeping(long max, Consumer<Buffer> kept) {
      this.keepMax = max;
      this.kept = kept;
      return this;
    }

    @Override
    public Future<Void> send(HttpServerRequest client) {
      long length = declaredLength();
      if (hasBody(client) && length >= 0 && length <= WHOLE_BODY_MAX) {
        return BoundedRead.read(response, length, IllegalStateException::new)
            .transform(
                read -> read.succeeded() ? sendWhole(client, read.result()) : unread(read.cause()));
      }
      HttpServerResponse out = head(client);
      TeeStream tee = kept == null ? null : new TeeStream(response, keepMax);
      ReadStream<Buffer> body = tee == null ? response : tee;
      Future<Void> sent;
      boolean framed = response.headers().contains(HttpHeaders.CONTENT_LENGTH);
      if (!framed && hasBody(client) && client.version() == HttpVersion.HTTP_1_0) {
        // An HTTP/1.0 client cannot take a chunked body: one without a length is read first.
        sent =
            BoundedRead.read(body, HTTP_1_0_BODY_LIMIT, IllegalStateException::new)
                .compose(
                    out::end, failure -> broken(out).compose(v -> Future.failedFuture(failure)));
      } else {
        if (!framed && hasBody(client)) {
          out.setChunked(true);
        }
        Pipe<Buffer> pipe = body.pipe();
        pipe.endOnSuccess(true);
        pipe.endOnFailure(false);
        sent =
            pipe.to(out).recover(failure -> broken(out).compose(v -> Future.failedFuture(failure)));
      }
      // Only a body the client got whole is shared: one cut short is not an answer to keep.
      return tee == null
          ? sent
          : sent.andThen(result -> keep(result.succeeded() ? tee.copy() : null));
    }

    private HttpServerResponse head(HttpServerRequest client) {
      HttpServerResponse out = client.response();
      out.setStatusCode(response.statusCode());
      HopByHopHeaders.copyResponse(response.headers(), out.headers());
      added.forEach(out.headers()::set);
      if (!out.headers().contains(HttpHeaders.DATE)) {
        out.putHeader(HttpHeaders.DATE, HttpDate.now());
      }
      // Every 503 of the public API tells the client when to try again, a local service's too.
      if (response.statusCode() == 503 && !out.headers().contains(HttpHeaders.RETRY_AFTER)) {
        out.putHeader(HttpHeaders.RETRY_AFTER, RETRY_AFTER);
      }
      return out;
    }

    /**
     * A small body, read whole, goes out with the head as one message: one pass through the
     * connection's pipeline and one TLS record, where a pipe writes the head and body and then the
     * end, each with its own future. It reaches the client no later: it is a read or two. It is
     * kept before it is sent, as a made answer is: it is whole whatever becomes of this client, and
     * the next request, this client's own included, finds it already there.
     */
    private Future<Void> sendWhole(HttpServerRequest client, Buffer body) {
      keep(kept != null && body.length() <= keepMax ? body.copy() : null);
      return head(client).end(body);
    }

    /**
     * A small body that broke off before its end: nothing has gone to the client yet, so it gets
     * the JSON error of a failed forward rather than a cut connection; the agent's is closed.
     */
    private Future<Void> unread(Throwable failure) {
      keep(null);
      response.reset();
      return Future.failedFuture(failure);
    }

    /** The agent's {@code Content-Length}, or -1 if it sent none. */
    private long declaredLength() {
      String length = response.getHeader(HttpHeaders.CONTENT_LENGTH);
      if (length == null) {
        return -1;
      }
      try {
        return Long.parseLong(length.trim());
      } catch (NumberFormatException e) {
        return -1;
      }
    }

    private void keep(Buffer copy) {
      Consumer<Buffer> once = kept;
      kept = null;
      if (once != null) {
        once.accept(copy);
      }
    }

    /** A body broken off half-way: neither connection can be reused. */
    private Future<Void> broken(HttpServerResponse out) {
      response.reset();
      out.reset();
      return Future.succeededFuture();
    }

    private boolean hasBody(HttpServerRequest client) {
      int status = response.statusCode();
      return client.method() != HttpMethod.HEAD && status != 204 && status != 304 && status >= 200;
    }

    @Override
    public void discard() {
      keep(null);
      response.resume();
    }
  }

  /** An answer the edge made: status, headers and the whole body in memory. */
  final class Made implements Answer {

    private final int status;
    private final MultiMap headers;
    private final Buffer body;
    private final ApiError error;

    private Made(int status, MultiMap headers, Buffer body, ApiError error) {
      this.status = status;
      this.headers = headers;
      this.body = body;
      this.error = error;
    }

    @Override
    public int status() {
      return status;
    }

    @Override
    public String getHeader(CharSequence name) {
      return headers.get(name);
    }

    @Override
    public ApiError error() {
      return error;
    }

    @Override
    public Answer header(CharSequence name, String value) {
      headers.set(name, value);
      return this;
    }

    @Override
    public Answer keeping(long max, Consumer<Buffer> kept) {
      kept.accept(body.length() > max ? null : body.copy());
      return this;
    }

    @Override
    public Future<Void> send(HttpServerRequest client) {
      if (error != null) {
        // Another request's error shared through the micro-cache is this one's answer too.
        ErrorReplies.record(client, error);
      }
      HttpServerResponse out = client.response();
      out.setStatusCode(status).headers().addAll(headers);
      out.putHeader(HttpHeaders.DATE, HttpDate.now());
      if (client.method() == HttpMethod.HEAD) {
        // The length its GET would have; the body itself is not sent.
        return out.putHeader(HttpHeaders.CONTENT_LENGTH, String.valueOf(body.length())).end();
      }
      return out.end(body);
    }

    @Override
    public void discard() {}
  }
}
