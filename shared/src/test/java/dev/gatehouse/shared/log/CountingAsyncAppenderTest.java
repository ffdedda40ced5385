package dev.gatehouse.shared.log;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class CountingAsyncAppenderTest {

  @Test
  void linesThatFindTheQueueFullAreCountedNotLostSilently() throws Exception {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    CountDownLatch disk = new CountDownLatch(1);
    AtomicInteger written = new AtomicInteger();
    AppenderBase<ILoggingEvent> slowDisk =
        new AppenderBase<>() {
          @Override
          protected void append(ILoggingEvent event) {
            try {
              disk.await();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            written.incrementAndGet();
          }
        };
    slowDisk.setContext(context);
    slowDisk.start();
    CountingAsyncAppender appender = new CountingAsyncAppender();
    appender.setContext(context);
    appender.setQueueSize(4);
    appender.setDiscardingThreshold(0);
    appender.setNeverBlock(true);
    appender.addAppender(slowDisk);
    appender.start();
    long before = CountingAsyncAppender.dropped();

    for (int i = 0; i < 100; i++) {
      appender.doAppend(
          new LoggingEvent("test", context.getLogger("test"), Level.INFO, "line " + i, null, null));
    }
    long dropped = CountingAsyncAppender.dropped() - before;
    disk.countDown();
    appender.stop();

    // A few lines reach the stuck writer or wait in the queue of four: all others are counted.
    assertThat(dropped).isGreaterThan(80);
    assertThat(written.get() + dropped).isEqualTo(100);
  }
}
