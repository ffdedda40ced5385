package dev.gatehouse.shared.error;

/**
 * Every error the public API can answer with: the HTTP status and the stable code clients match on.
 */
public enum ErrorCode {
  BAD_REQUEST(400, "bad_request", "The request is malformed."),
  VALIDATION_ERROR(400, "validation_error", "Some fields are invalid."),
  AUTHENTICATION_REQUIRED(
      401, "authentication_required", "An Authorization: Bearer access token is required."),
  INVALID_TOKEN(401, "invalid_token", "The access token is invalid."),
  TOKEN_EXPIRED(401, "token_expired", "The access token has expired: refresh it."),
  LOGIN_ENDED(401, "login_ended", "This login has ended (logged out or revoked): log in again."),
  INVALID_CREDENTIALS(401, "invalid_credentials", "Wrong user name or password."),
  INVALID_REFRESH_TOKEN(
      401,
      "invalid_refresh_token",
      "The refresh token is unknown, expired or revoked: log in again."),
  REFRESH_TOKEN_REUSED(
      401,
      "refresh_token_reused",
      "This refresh token was used before: every token of its login is revoked."),
  INVALID_API_KEY(403, "invalid_api_key", "A valid X-API-Key header is required."),
  INVALID_ASSERTION(401, "invalid_assertion", "This agent only answers requests its edge signed."),
  BANNED(403, "banned", "This address is temporarily banned."),
  INSUFFICIENT_ROLE(403, "insufficient_role", "This operator's role may not do this."),
  IP_NOT_ALLOWED(403, "ip_not_allowed", "This address may not use this endpoint."),
  ORIGIN_NOT_ALLOWED(403, "origin_not_allowed", "This origin may not call the API."),
  NOT_IN_TELEGRAM_GROUP(403, "not_in_telegram_group", "Join the Telegram group first."),
  LIMIT_EXCEEDED(403, "limit_exceeded", "This Telegram account has reached its account limit."),
  TELEGRAM_PROOF_INVALID(
      403, "telegram_proof_invalid", "Log in with Telegram again: the proof is missing or stale."),
  NOT_FOUND(404, "not_found", "No such endpoint."),
  UNKNOWN_COMPONENT(404, "unknown_component", "There is no such component to restart."),
  METHOD_NOT_ALLOWED(405, "method_not_allowed", "This method is not allowed here."),
  LOGIN_TAKEN(409, "login_taken", "This login is already taken."),
  REQUEST_IN_PROGRESS(
      409, "request_in_progress", "A request with this Idempotency-Key is still running."),
  PAYLOAD_TOO_LARGE(413, "payload_too_large", "The request body is too large."),
  URI_TOO_LONG(414, "uri_too_long", "The request target is too long."),
  UNSUPPORTED_MEDIA_TYPE(415, "unsupported_media_type", "The request body must be JSON."),
  RELOAD_REFUSED(
      422, "reload_refused", "The new configuration is invalid; the running one is unchanged."),
  IDEMPOTENCY_KEY_MISMATCH(
      422, "idempotency_key_mismatch", "This Idempotency-Key was used with a different request."),
  RATE_LIMITED(429, "rate_limited", "Too many requests, try again later."),
  LOGIN_LOCKED(429, "login_locked", "Too many failed logins: try again later."),
  HEADERS_TOO_LARGE(431, "headers_too_large", "The request headers are too large."),
  INTERNAL_ERROR(500, "internal_error", "Something went wrong on our side."),
  UPSTREAM_UNAVAILABLE(502, "upstream_unavailable", "The service is unreachable right now."),
  GAME_SERVER_UNAVAILABLE(
      503, "game_server_unavailable", "The game server is unavailable right now."),
  OVERLOADED(503, "overloaded", "Too many registrations at once; try again shortly."),
  TELEGRAM_UNAVAILABLE(503, "telegram_unavailable", "The Telegram check is unavailable right now."),
  UPSTREAM_TIMEOUT(504, "upstream_timeout", "The service took too long to answer."),
  HTTP_VERSION_NOT_SUPPORTED(
      505, "http_version_not_supported", "Only HTTP/1.0, HTTP/1.1 and HTTP/2 are spoken here.");

  private final int status;
  private final String code;
  private final String message;

  ErrorCode(int status, String code, String message) {
    this.status = status;
    this.code = code;
    this.message = message;
  }

  public int status() {
    return status;
  }

  public String code() {
    return code;
  }

  /** The default human text; callers may give a more precise one. */
  public String message() {
    return message;
  }
}
