package dev.gatehouse.shared.log;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class BatchingLineAppenderTest {

  private final LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();

  @Test
  void everyLineIsWrittenWholeAndInOrderByTheTimeTheAppenderStops() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    BatchingLineAppender appender = appender(out, 100_000);

    IntStream.range(0, 20_000).forEach(i -> appender.doAppend(event("line " + i)));
    appender.stop();

    List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
    assertThat(lines).hasSize(20_000);
    assertThat(lines)
        .containsExactlyElementsOf(IntStream.range(0, 20_000).mapToObj(i -> "line " + i).toList());
  }

  @Test
  void linesThatFindTheQueueFullAreCountedNotLostSilently() throws Exception {
    CountDownLatch disk = new CountDownLatch(1);
    ByteArrayOutputStream written = new ByteArrayOutputStream();
    OutputStream stuckDisk =
        new OutputStream() {
          @Override
          public void write(int b) {
            written.write(b);
          }

          @Override
          public void write(byte[] b, int off, int len) {
            try {
              disk.await();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            written.write(b, off, len);
          }
        };
    BatchingLineAppender appender = appender(stuckDisk, 4);
    long before = BatchingLineAppender.dropped();

    for (int i = 0; i < 100; i++) {
      appender.doAppend(event("line " + i));
      if (i == 0) {
        Thread.sleep(200); // the writer takes the first line and is stuck writing it
      }
    }
    long dropped = BatchingLineAppender.dropped() - before;
    disk.countDown();
    appender.stop();

    // One line reaches the stuck writer, four wait in the queue: all others are counted.
    long lines = written.toString(StandardCharsets.UTF_8).lines().count();
    assertThat(dropped).isGreaterThan(80);
    assertThat(lines + dropped).isEqualTo(100);
  }

  @Test
  void eachLineIsEncodedByTheThreadThatLogsItNeverByTheWriter() {
    // The writer wakes once per interval: encoding a whole interval's lines there held the CPU for
    // milliseconds, and an event loop sharing the core waited for it.
    Set<String> encodedOn = ConcurrentHashMap.newKeySet();
    PatternLayoutEncoder encoder =
        new PatternLayoutEncoder() {
          @Override
          public byte[] encode(ILoggingEvent event) {
            encodedOn.add(Thread.currentThread().getName());
            return super.encode(event);
          }
        };
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    BatchingLineAppender appender = appender(out, 1_000, encoder);

    IntStream.range(0, 100).forEach(i -> appender.doAppend(event("line " + i)));
    appender.stop();

    assertThat(out.toString(StandardCharsets.UTF_8).lines()).hasSize(100);
    assertThat(encodedOn).containsExactly(Thread.currentThread().getName());
  }

  private BatchingLineAppender appender(OutputStream out, int queueSize) {
    return appender(out, queueSize, new PatternLayoutEncoder());
  }

  private BatchingLineAppender appender(
      OutputStream out, int queueSize, PatternLayoutEncoder encoder) {
    encoder.setContext(context);
    encoder.setPattern("%msg%n");
    encoder.start();
    BatchingLineAppender appender = new BatchingLineAppender();
    appender.setContext(context);
    appender.setName("test");
    appender.setEncoder(encoder);
    appender.setOutput(out);
    appender.setQueueSize(queueSize);
    appender.setFlushMillis(5);
    appender.start();
    return appender;
  }

  private LoggingEvent event(String message) {
    return new LoggingEvent("test", context.getLogger("test"), Level.INFO, message, null, null);
  }
}
