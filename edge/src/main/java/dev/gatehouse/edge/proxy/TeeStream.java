package dev.gatehouse.edge.proxy;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;
import java.util.function.Consumer;

/**
 * Passes a body through unchanged while keeping a copy of it, up to {@code max} bytes. When the
 * body ends, {@code done} gets the copy; it gets {@code null} if the body was larger or broke off.
 */
final class TeeStream implements ReadStream<Buffer> {

  private final ReadStream<Buffer> source;
  private final long max;
  private final Consumer<Buffer> done;
  private Buffer copy = Buffer.buffer();
  private boolean finished;

  TeeStream(ReadStream<Buffer> source, long max, Consumer<Buffer> done) {
    this.source = source;
    this.max = max;
    this.done = done;
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
    source.endHandler(
        end -> {
          finish(copy);
          if (handler != null) {
            handler.handle(end);
          }
        });
    return this;
  }

  @Override
  public ReadStream<Buffer> exceptionHandler(Handler<Throwable> handler) {
    source.exceptionHandler(
        failure -> {
          finish(null);
          if (handler != null) {
            handler.handle(failure);
          }
        });
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

  private void finish(Buffer kept) {
    if (!finished) {
      finished = true;
      done.accept(kept);
    }
  }
}
