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
 * {@code GET …/logs?since=ISO-8601&level=info&limit=200}: this process's recent log lines, oldest
 * first, from {@link RecentLines}. Both processes answer it the same way.
 */
public final class LogQuery {

  public static final int DEFAULT_LIMIT = 200;
  private static final List<String> LEVELS = List.of("trace", "debug", "info", "warn", "error");

  private LogQuery() {}

  public static void handle(RoutingContext ctx) {
    Instant since = since(ctx.queryParams().get("since"));
    Level level = level(ctx.queryParams().get("level"));
    int limit = limit(ctx.queryParams().get("limit"));
    JsonArray lines = new JsonArray();
    RecentLines.since(since, level, limit).forEach(line -> lines.add(line.toJson()));
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
