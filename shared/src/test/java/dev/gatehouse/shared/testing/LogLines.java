package dev.gatehouse.shared.testing;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import dev.gatehouse.shared.log.JsonLineEncoder;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.slf4j.LoggerFactory;

/**
 * The lines of the given loggers while a test runs, as the JSON log format writes them: encoded on
 * the thread that logs them, as the production appenders do, since the MDC is that thread's.
 */
public final class LogLines extends AppenderBase<ILoggingEvent> implements AutoCloseable {

  private final JsonLineEncoder encoder = new JsonLineEncoder();
  private final List<JsonObject> lines = new CopyOnWriteArrayList<>();
  private final List<Logger> loggers;

  private LogLines(List<Logger> loggers) {
    this.loggers = loggers;
    start();
    loggers.forEach(logger -> logger.addAppender(this));
  }

  /** Lines of {@code names} (the access loggers do not reach the root: name them too). */
  public static LogLines capture(String... names) {
    return new LogLines(
        Stream.of(names).map(name -> (Logger) LoggerFactory.getLogger(name)).toList());
  }

  @Override
  protected void append(ILoggingEvent event) {
    lines.add(new JsonObject(new String(encoder.encode(event), StandardCharsets.UTF_8)));
  }

  public List<JsonObject> all() {
    return List.copyOf(lines);
  }

  /** The lines carrying request id {@code id}, waiting up to two seconds for {@code count}. */
  public List<JsonObject> withRequestId(String id, int count) throws InterruptedException {
    List<JsonObject> found = List.of();
    for (int i = 0; i < 100 && found.size() < count; i++) {
      found =
          all().stream()
              .filter(line -> id.equals(line.getString(JsonLineEncoder.REQUEST_ID)))
              .toList();
      if (found.size() < count) {
        Thread.sleep(20);
      }
    }
    return found;
  }

  @Override
  public void close() {
    loggers.forEach(logger -> logger.detachAppender(this));
    stop();
  }
}
