package dev.gatehouse.edge.testing;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.slf4j.LoggerFactory;

/** The edge's access-log lines, as JSON, while a test runs. */
public final class AccessLog implements AutoCloseable {

  private final Logger logger = (Logger) LoggerFactory.getLogger("gatehouse.access");
  private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

  private AccessLog() {
    appender.start();
    logger.addAppender(appender);
  }

  public static AccessLog capture() {
    return new AccessLog();
  }

  /** The lines so far, after waiting up to two seconds for at least {@code count} of them. */
  public List<JsonObject> lines(int count) throws InterruptedException {
    for (int i = 0; i < 100 && appender.list.size() < count; i++) {
      Thread.sleep(20);
    }
    return List.copyOf(appender.list).stream()
        .map(event -> new JsonObject(event.getFormattedMessage()))
        .toList();
  }

  @Override
  public void close() {
    logger.detachAppender(appender);
  }
}
