package dev.gatehouse.shared.log;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.AppenderBase;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The last {@value #CAPACITY} log lines of this process, kept in memory for the admin API's {@code
 * /admin/logs}: a Logback appender on the root logger (access lines have loggers of their own and
 * are not kept). It holds what the log holds, and nothing logs a secret.
 */
public final class RecentLines extends AppenderBase<ILoggingEvent> {

  public static final int CAPACITY = 2000;

  /** One kept line. */
  public record Line(Instant time, Level level, String logger, String message) {

    public JsonObject toJson() {
      return new JsonObject()
          .put("time", time.toString())
          .put("level", level.toString())
          .put("logger", logger)
          .put("message", message);
    }
  }

  private static final Deque<Line> LINES = new ArrayDeque<>(CAPACITY);

  @Override
  protected void append(ILoggingEvent event) {
    String message = event.getFormattedMessage();
    IThrowableProxy error = event.getThrowableProxy();
    if (error != null) {
      message += " (" + error.getClassName() + ": " + error.getMessage() + ")";
    }
    Line line =
        new Line(
            Instant.ofEpochMilli(event.getTimeStamp()),
            event.getLevel(),
            event.getLoggerName(),
            message);
    synchronized (LINES) {
      if (LINES.size() == CAPACITY) {
        LINES.removeFirst();
      }
      LINES.addLast(line);
    }
  }

  /** The newest {@code limit} lines at {@code level} or above, logged after {@code since}. */
  public static List<Line> since(Instant since, Level level, int limit) {
    List<Line> out = new ArrayList<>();
    synchronized (LINES) {
      for (var it = LINES.descendingIterator(); it.hasNext() && out.size() < limit; ) {
        Line line = it.next();
        if (!line.time().isAfter(since)) {
          break;
        }
        if (line.level().isGreaterOrEqual(level)) {
          out.add(line);
        }
      }
    }
    java.util.Collections.reverse(out);
    return out;
  }
}
