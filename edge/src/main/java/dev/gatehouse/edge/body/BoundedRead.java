package dev.gatehouse.edge.body;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;
import java.util.function.Supplier;

/** Reads a whole body into memory, at most {@code max} bytes: one more and it fails, unread. */
public final class BoundedRead {

  private BoundedRead() {}

  /**
   * The body of {@code stream}; past {@code max} bytes the stream is paused, so its rest is never
   * read, and the future fails with {@code tooLarge}.
   */
  public static Future<Buffer> read(
      ReadStream<Buffer> stream, long max, Supplier<Throwable> tooLarge) {
    Promise<Buffer> whole = Promise.promise();
    Buffer collected = Buffer.buffer();
    stream.handler(
        chunk -> {
          if (whole.future().isComplete()) {
            return;
          }
          if (collected.length() + (long) chunk.length() > max) {
            stream.pause();
            whole.tryFail(tooLarge.get());
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
