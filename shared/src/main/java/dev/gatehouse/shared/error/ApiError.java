package dev.gatehouse.shared.error;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.util.Map;

/**
 * An error answer in the public shape {@code {"ok":false,"error":code,"message":text}}, with {@code
 * "fields"} for validation errors. Thrown or failed with, and written by {@link ErrorReplies} only.
 */
public final class ApiError extends RuntimeException {

  private final ErrorCode code;
  private final int status;
  private final Map<String, String> fields;

  public ApiError(ErrorCode code) {
    this(code, code.message());
  }

  public ApiError(ErrorCode code, String message) {
    this(code, code.status(), message, Map.of());
  }

  /** The same code with another status, where the contract allows two (e.g. 502/503). */
  public ApiError(ErrorCode code, int status, String message) {
    this(code, status, message, Map.of());
  }

  private ApiError(ErrorCode code, int status, String message, Map<String, String> fields) {
    super(message, null, false, false);
    this.code = code;
    this.status = status;
    this.fields = Map.copyOf(fields);
  }

  public static ApiError validation(Map<String, String> fields) {
    return new ApiError(
        ErrorCode.VALIDATION_ERROR, 400, ErrorCode.VALIDATION_ERROR.message(), fields);
  }

  public ErrorCode code() {
    return code;
  }

  public int status() {
    return status;
  }

  public Map<String, String> fields() {
    return fields;
  }

  public JsonObject toJson() {
    JsonObject body =
        new JsonObject().put("ok", false).put("error", code.code()).put("message", getMessage());
    if (!fields.isEmpty()) {
      body.put("fields", new JsonObject(Map.copyOf(fields)));
    }
    return body;
  }

  public Buffer toBuffer() {
    return toJson().toBuffer();
  }
}
