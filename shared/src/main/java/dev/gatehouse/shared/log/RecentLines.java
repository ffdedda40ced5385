package dev.gatehouse.shared.log;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.AppenderBase;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;

/**
 * The last {@value #CAPACITY} log lines of this process, kept in memory for the admin API's {@code
 * /admin/logs}: a Logback appender on the root logger (access lines have loggers of their own and
 * are not kept). It holds what the log holds, and nothing logs a secret.
 */
public final class RecentLines extends AppenderBase<ILoggingEvent> {

  public static final int CAPACITY = 2000;

  /**
   * One kept line; {@code seq} numbers the lines of this process in the order they were logged, so
   * that a follower can ask for what came after the last one it saw: lines of one millisecond share
   * a time.
   */
  public record Line(long seq, Instant time, Level level, String logger, String message) {

    public JsonObject toJson() {
      return new JsonObject()
          .put("seq", seq)
          .put("time", time.toString())
          .put("level", level.toString())
          .put("logger", logger)
          .put("message", message);
    }
  }

  private static final Deque<Line> LINES = new ArrayDeque<>(CAPACITY);

  /** The last line's number; guarded by {@link #LINES}. */
  private static long last;

  @Override
  protected void append(ILoggingEvent event) {
    String message = event.getFormattedMessage();
    IThrowableProxy error = event.getThrowableProxy();
    if (error != null) {
      message += " (" + error.getClassName() + ": " + error.getMessage() + ")";
    }
    Instant time = Instant.ofEpochMilli(event.getTimeStamp());
    synchronized (LINES) {
      if (LINES.size() == CAPACITY) {
        LINES.removeFirst();
      }
      LINES.addLast(new Line(++last, time, event.getLevel(), event.getLoggerName(), message));
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
    Collections.reverse(out);
    return out;
  }

  /**
   * The oldest {@code limit} lines at {@code level} or above numbered after {@code seq}: a follower
   * that asks again after the last one it got misses none while they are still kept.
   */
  public static List<Line> after(long seq, Level level, int limit) {
    List<Line> out = new ArrayList<>();
    synchronized (LINES) {
      for (Line line : LINES) {
        if (out.size() == limit) {
          break;
        }
        if (line.seq() > seq && line.level().isGreaterOrEqual(level)) {
          out.add(line);
        }
      }
    }
    return out;
  }
}
