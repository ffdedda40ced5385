package dev.gatehouse.shared.admin;

import ch.qos.logback.classic.Level;
import dev.gatehouse.shared.error.ApiError;
import dev.gatehouse.shared.log.RecentLines;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code GET …/logs?since=ISO-8601&level=info&limit=200}: this process's newest log lines, oldest
 * first, from {@link RecentLines}; with {@code after=SEQ} instead of {@code since}, the oldest
 * lines numbered after {@code SEQ}, which is how a follower asks for more. Both processes answer it
 * the same way.
 */
public final class LogQuery {

  public static final int DEFAULT_LIMIT = 200;
  private static final List<String> LEVELS = List.of("trace", "debug", "info", "warn", "error");

  private LogQuery() {}

  public static void handle(RoutingContext ctx) {
    String after = ctx.queryParams().get("after");
    Level level = level(ctx.queryParams().get("level"));
    int limit = limit(ctx.queryParams().get("limit"));
    List<RecentLines.Line> found =
        after != null
            ? RecentLines.after(after(after), level, limit)
            : RecentLines.since(since(ctx.queryParams().get("since")), level, limit);
    JsonArray lines = new JsonArray();
    found.forEach(line -> lines.add(line.toJson()));
    ctx.json(new JsonObject().put("lines", lines));
  }

  private static Instant since(String value) {
    if (value == null) {
      return Instant.EPOCH;
    }
    try {
      return Instant.parse(value);
    } catch (DateTimeParseException e) {
      throw ApiError.validation(Map.of("since", "an ISO-8601 instant, e.g. 2026-01-31T12:00:00Z"));
    }
  }

  private static long after(String value) {
    try {
      long seq = Long.parseLong(value);
      if (seq >= 0) {
        return seq;
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    throw ApiError.validation(Map.of("after", "a line's seq, a number from 0"));
  }

  private static Level level(String value) {
    String name = value == null ? "info" : value.toLowerCase(Locale.ROOT);
    if (!LEVELS.contains(name)) {
      throw ApiError.validation(Map.of("level", "one of " + String.join(", ", LEVELS)));
    }
    return Level.toLevel(name);
  }

  private static int limit(String value) {
    try {
      int limit = value == null ? DEFAULT_LIMIT : Integer.parseInt(value);
      if (limit >= 1 && limit <= RecentLines.CAPACITY) {
        return limit;
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    throw ApiError.validation(Map.of("limit", "a number from 1 to " + RecentLines.CAPACITY));
  }
}
