package dev.gatehouse.agent.metrics;

/**
 * The agent's meters, by their Micrometer names; Prometheus shows them with dots as underscores and
 * the unit or {@code _total} appended (the comment on each gives the exported name). Label values
 * come from the configuration or fixed sets, never from what a client sent.
 */
public final class AgentMetricNames {

  /** {@code gatehouse_agent_requests_total{route,status}}. */
  public static final String REQUESTS = "gatehouse.agent.requests";

  /** {@code gatehouse_agent_request_duration_seconds{route}}. */
  public static final String REQUEST_DURATION = "gatehouse.agent.request.duration";

  /**
   * {@code gatehouse_agent_backend_replies_total{backend,outcome}}: outcome {@code ok} or the error
   * code answered; {@code backend="register"} counts registrations by outcome, {@code
   * outcome="game_server_unavailable"} those the game server failed.
   */
  public static final String BACKEND_REPLIES = "gatehouse.agent.backend.replies";

  /** {@code gatehouse_agent_backend_duration_seconds{backend}}: event bus round trip. */
  public static final String BACKEND_DURATION = "gatehouse.agent.backend.duration";

  /** {@code gatehouse_agent_status_cache_lookups_total{result}}: result hit or miss. */
  public static final String STATUS_CACHE_LOOKUPS = "gatehouse.agent.status.cache.lookups";

  /** {@code gatehouse_agent_password_hash_wait_seconds}: until a hashing thread took the hash. */
  public static final String PASSWORD_HASH_WAIT = "gatehouse.agent.password.hash.wait";

  /** {@code gatehouse_agent_password_hash_duration_seconds}: the hash itself. */
  public static final String PASSWORD_HASH_DURATION = "gatehouse.agent.password.hash.duration";

  /**
   * {@code gatehouse_agent_game_server_requests_total{command,outcome}}: outcome {@code ok}, {@code
   * exists} (a register whose login exists) or {@code failed} (refused, unreachable, timed out).
   */
  public static final String GAME_SERVER_REQUESTS = "gatehouse.agent.game.server.requests";

  /** {@code gatehouse_agent_game_server_duration_seconds{command}}: command sent to answer. */
  public static final String GAME_SERVER_DURATION = "gatehouse.agent.game.server.duration";

  /** {@code gatehouse_agent_journal_pending}: unsettled attempts, as the last sweep counted. */
  public static final String JOURNAL_PENDING = "gatehouse.agent.journal.pending";

  /**
   * {@code gatehouse_agent_telegram_checks_total{check,outcome}}: check {@code proof} or {@code
   * membership}; outcome {@code ok} or the error code answered.
   */
  public static final String TELEGRAM_CHECKS = "gatehouse.agent.telegram.checks";

  /** {@code gatehouse_agent_access_log_dropped_total}: lines the async appender discarded. */
  public static final String ACCESS_LOG_DROPPED = "gatehouse.agent.access.log.dropped";

  private AgentMetricNames() {}
}
