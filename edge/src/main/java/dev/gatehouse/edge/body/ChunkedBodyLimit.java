package dev.gatehouse.edge.body;

import dev.gatehouse.shared.error.ApiError;
import dev.gatehouse.shared.error.ErrorCode;
import dev.gatehouse.shared.error.ErrorReplies;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;
import io.vertx.httpproxy.Body;
import io.vertx.httpproxy.ProxyContext;
import io.vertx.httpproxy.ProxyInterceptor;
import io.vertx.httpproxy.ProxyRequest;
import io.vertx.httpproxy.ProxyResponse;

/**
 * The route's {@code max_body} for a body sent without {@code Content-Length} (chunked, or an
 * HTTP/2 stream without the header): the edge reads it, at most {@code max_body} bytes, before
 * anything is forwarded, as nginx does, and the agent then gets it with a {@code Content-Length}.
 * One byte more and the client gets 413 {@code payload_too_large} and its connection (HTTP/1) or
 * stream (HTTP/2) is closed, so the rest of the body is never read. Bodies with a length were
 * checked before this point by {@link BodyLimitHandler}; they pass through, streamed.
 */
public final class ChunkedBodyLimit implements ProxyInterceptor {

  private final long maxBody;

  public ChunkedBodyLimit(long maxBody) {
    this.maxBody = maxBody;
  }

  @Override
  public Future<ProxyResponse> handleProxyRequest(ProxyContext context) {
    ProxyRequest request = context.request();
    Body body = request.getBody();
    if (body == null || body.length() >= 0) {
      return context.sendRequest();
    }
    return read(body.stream())
        .compose(
            whole -> {
              request.setBody(Body.body(whole));
              return context.sendRequest();
            },
            failure ->
                failure instanceof ApiError error
                    ? Future.succeededFuture(ErrorReplies.closingProxyResponse(request, error))
                    : Future.failedFuture(failure));
  }

  private Future<Buffer> read(ReadStream<Buffer> stream) {
    Promise<Buffer> whole = Promise.promise();
    Buffer collected = Buffer.buffer();
    stream.handler(
        chunk -> {
          if (whole.future().isComplete()) {
            return;
          }
          if (collected.length() + (long) chunk.length() > maxBody) {
            stream.pause();
            whole.tryFail(
                new ApiError(
                    ErrorCode.PAYLOAD_TOO_LARGE,
                    "The request body may be at most " + maxBody + " bytes."));
            return;
          }
          collected.appendBuffer(chunk);
        });
    stream.exceptionHandler(whole::tryFail);
    stream.endHandler(end -> whole.tryComplete(collected));
    stream.resume();
    return whole.future();
  }
}
