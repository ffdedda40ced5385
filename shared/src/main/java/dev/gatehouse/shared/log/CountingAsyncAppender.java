package dev.gatehouse.shared.log;

import ch.qos.logback.classic.AsyncAppender;
import ch.qos.logback.classic.spi.ILoggingEvent;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Logback's async appender, never blocking the thread that logs, which counts every line it cannot
 * queue instead of dropping it without a trace. The count is process-wide: a metric exports it.
 */
public final class CountingAsyncAppender extends AsyncAppender {

  private static final AtomicLong DROPPED = new AtomicLong();

  /** Lines dropped since the process started, by every instance. */
  public static long dropped() {
    return DROPPED.get();
  }

  @Override
  protected void append(ILoggingEvent event) {
    if (!isStarted()) {
      return;
    }
    // The check and the offer must not interleave with another thread's, or a line could be
    // lost uncounted between them.
    synchronized (this) {
      if (getRemainingCapacity() == 0) {
        DROPPED.incrementAndGet();
        return;
      }
      super.append(event);
    }
  }
}
