package dev.gatehouse.shared.log;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.UnsynchronizedAppenderBase;
import ch.qos.logback.core.encoder.Encoder;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Writes access lines in batches, the way nginx's {@code access_log ... buffer= flush=} does: the
 * thread that logs encodes its line and puts the bytes in a bounded queue (never waits, never wakes
 * anybody); one writer thread wakes every {@link #setFlushMillis flush interval} and writes what
 * has queued with as few system calls as whole lines allow. Logback's own async appender signals
 * its worker on every line, which cost more than encoding and writing the line together. The line
 * is encoded where it is logged, not by the writer: a writer that encoded a whole interval's lines
 * at once held the CPU for milliseconds at a time, and an event loop on the same core waited that
 * long (bench/PROFILE.md, eighth round); the queue holds compact bytes, not events.
 *
 * <p>A line that finds the queue full is dropped and counted, never lost without a trace: the count
 * is process-wide and a metric exports it.
 */
public final class BatchingLineAppender extends UnsynchronizedAppenderBase<ILoggingEvent> {

  private static final AtomicLong DROPPED = new AtomicLong();
  private static final int BATCH_BYTES = 64 * 1024;

  private Encoder<ILoggingEvent> encoder;
  private OutputStream out = new FileOutputStream(FileDescriptor.out);
  private int queueSize = 16_384;
  private long flushMillis = 50;
  private BlockingQueue<byte[]> queue;
  private Thread writer;
  private volatile boolean running;

  /** Lines dropped since the process started, by every instance. */
  public static long dropped() {
    return DROPPED.get();
  }

  public void setEncoder(Encoder<ILoggingEvent> encoder) {
    this.encoder = encoder;
  }

  public void setQueueSize(int queueSize) {
    this.queueSize = queueSize;
  }

  public void setFlushMillis(long flushMillis) {
    this.flushMillis = flushMillis;
  }

  /** Where lines go; standard output unless set (tests). */
  public void setOutput(OutputStream out) {
    this.out = out;
  }

  @Override
  public void start() {
    if (encoder == null) {
      addError("no encoder for appender " + name);
      return;
    }
    queue = new ArrayBlockingQueue<>(queueSize);
    running = true;
    writer = new Thread(this::writeUntilStopped, "gatehouse-log-writer-" + name);
    writer.setDaemon(true);
    writer.start();
    super.start();
  }

  @Override
  public void stop() {
    if (!isStarted()) {
      return;
    }
    super.stop();
    running = false;
    LockSupport.unpark(writer);
    try {
      writer.join(TimeUnit.SECONDS.toMillis(2));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  protected void append(ILoggingEvent event) {
    if (!queue.offer(encoder.encode(event))) {
      DROPPED.incrementAndGet();
    }
  }

  private void writeUntilStopped() {
    List<byte[]> batch = new ArrayList<>(1024);
    byte[] buffer = new byte[BATCH_BYTES];
    while (running || !queue.isEmpty()) {
      if (queue.drainTo(batch, 1024) == 0) {
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(flushMillis));
        continue;
      }
      try {
        write(batch, buffer);
      } catch (IOException | RuntimeException e) {
        DROPPED.addAndGet(batch.size());
        addError("cannot write access lines", e);
      }
      batch.clear();
    }
  }

  /** Whole lines only in each write, so another writer of the same stream never splits one. */
  private void write(List<byte[]> batch, byte[] buffer) throws IOException {
    int used = 0;
    for (byte[] line : batch) {
      if (used + line.length > buffer.length) {
        out.write(buffer, 0, used);
        used = 0;
      }
      if (line.length > buffer.length) {
        out.write(line);
      } else {
        System.arraycopy(line, 0, buffer, used, line.length);
        used += line.length;
      }
    }
    out.write(buffer, 0, used);
    out.flush();
  }
}
