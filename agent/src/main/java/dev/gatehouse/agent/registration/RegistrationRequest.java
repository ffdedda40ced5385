package dev.gatehouse.agent.registration;

import dev.gatehouse.shared.error.ApiError;
import dev.gatehouse.shared.error.ErrorCode;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A registration as the website sends it, checked field by field against the public contract. All
 * problems are reported at once, each under its field name; the password never appears in them.
 * {@code telegramAuth} is the Telegram Login Widget payload, when the page sent one: its {@code id}
 * stands in for a missing {@code telegram_id} until the proof is checked.
 */
public record RegistrationRequest(
    String login, String password, int gender, long telegramId, JsonObject telegramAuth) {

  static final Pattern LOGIN = Pattern.compile("[A-Za-z0-9_]{3,16}");
  static final int PASSWORD_MIN = 6;
  static final int PASSWORD_MAX = 20;
  static final Set<String> FIELDS =
      Set.of("login", "password", "gender", "telegram_id", "telegram_auth");

  /** Parses and checks {@code body}; fails with {@code validation_error} and per-field messages. */
  public static RegistrationRequest parse(String body) {
    JsonObject json;
    try {
      json = body == null ? null : new JsonObject(body);
    } catch (DecodeException | ClassCastException e) {
      json = null;
    }
    if (json == null) {
      throw new ApiError(ErrorCode.VALIDATION_ERROR, "The request body must be a JSON object.");
    }
    Map<String, String> problems = new LinkedHashMap<>();
    String login = text(json, "login", problems);
    if (login != null && !LOGIN.matcher(login).matches()) {
      problems.put("login", "must be 3 to 16 characters: letters A-Z, digits or _");
    }
    String password = text(json, "password", problems);
    if (password != null) {
      int length = password.codePointCount(0, password.length());
      if (length < PASSWORD_MIN || length > PASSWORD_MAX) {
        problems.put("password", "must be 6 to 20 characters");
      }
    }
    Object gender = json.getValue("gender");
    if (!(gender instanceof Integer g && (g == 0 || g == 1))) {
      problems.put("gender", gender == null ? "is required" : "must be 0 or 1");
    }
    Object auth = json.getValue("telegram_auth");
    if (auth != null && !(auth instanceof JsonObject)) {
      problems.put("telegram_auth", "must be the Telegram login's object");
    }
    Object telegramId = json.getValue("telegram_id");
    if (telegramId == null && auth instanceof JsonObject widget) {
      telegramId = widget.getValue("id");
    }
    boolean validId =
        (telegramId instanceof Integer || telegramId instanceof Long)
            && ((Number) telegramId).longValue() > 0;
    if (!validId) {
      problems.put(
          "telegram_id", telegramId == null ? "is required" : "must be a positive 64-bit integer");
    }
    for (String name : json.fieldNames()) {
      if (!FIELDS.contains(name)) {
        problems.put(name, "is not a known field");
      }
    }
    if (!problems.isEmpty()) {
      throw ApiError.validation(problems);
    }
    return new RegistrationRequest(
        login,
        password,
        (Integer) gender,
        ((Number) telegramId).longValue(),
        auth instanceof JsonObject widget ? widget : null);
  }

  private static String text(JsonObject json, String field, Map<String, String> problems) {
    Object value = json.getValue(field);
    if (value instanceof String text) {
      return text;
    }
    problems.put(field, value == null ? "is required" : "must be a string");
    return null;
  }

  /** Never prints the password, whatever logs this record. */
  @Override
  public String toString() {
    return "RegistrationRequest[login="
        + login
        + ", gender="
        + gender
        + ", telegramId="
        + telegramId
        + "]";
  }
}
