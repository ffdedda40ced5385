package dev.gatehouse.edge.proxy;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;

/**
 * Passes a body through unchanged while keeping a copy of it, up to {@code max} bytes. Whether the
 * copy is the whole body is for the reader to say: only a body that reached its client in full is
 * (a stream whose reader gave up still ends, with a copy cut short).
 */
final class TeeStream implements ReadStream<Buffer> {

  private final ReadStream<Buffer> source;
  private final long max;
  private Buffer copy = Buffer.buffer();

  TeeStream(ReadStream<Buffer> source, long max) {
    this.source = source;
    this.max = max;
  }

  /** The copy, or null when the body was larger than {@code max}. */
  Buffer copy() {
    return copy;
  }

  @Override
  public ReadStream<Buffer> handler(Handler<Buffer> handler) {
    source.handler(
        handler == null
            ? null
            : chunk -> {
              if (copy != null) {
                copy =
                    copy.length() + (long) chunk.length() > max ? null : copy.appendBuffer(chunk);
              }
              handler.handle(chunk);
            });
    return this;
  }

  @Override
  public ReadStream<Buffer> endHandler(Handler<Void> handler) {
    source.endHandler(handler);
    return this;
  }

  @Override
  public ReadStream<Buffer> exceptionHandler(Handler<Throwable> handler) {
    source.exceptionHandler(handler);
    return this;
  }

  @Override
  public ReadStream<Buffer> pause() {
    source.pause();
    return this;
  }

  @Override
  public ReadStream<Buffer> resume() {
    source.resume();
    return this;
  }

  @Override
  public ReadStream<Buffer> fetch(long amount) {
    source.fetch(amount);
    return this;
  }
}
