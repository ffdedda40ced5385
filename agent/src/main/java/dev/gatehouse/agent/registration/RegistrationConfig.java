package dev.gatehouse.agent.registration;

import dev.gatehouse.agent.telegram.TelegramConfig;
import dev.gatehouse.shared.config.ConfigNode;
import java.time.Duration;

/**
 * {@code registration:} section: the account limit per Telegram user, how long a registration waits
 * for another one of the same user or login, how many run at once, how often unfinished
 * registrations left by a crash are cleaned up, how long answers are kept by Idempotency-Key, and
 * the Telegram group check.
 */
public record RegistrationConfig(
    int maxAccountsPerTelegramId,
    Duration lockTimeout,
    int maxInFlight,
    Duration sweepInterval,
    Duration idempotencyKeep,
    TelegramConfig telegram) {

  public static final int DEFAULT_MAX_ACCOUNTS = 5;
  public static final Duration DEFAULT_LOCK_TIMEOUT = Duration.ofSeconds(2);
  public static final Duration DEFAULT_SWEEP_INTERVAL = Duration.ofSeconds(30);
  public static final int DEFAULT_MAX_IN_FLIGHT = 16;
  public static final Duration DEFAULT_IDEMPOTENCY_KEEP = Duration.ofHours(24);

  public static RegistrationConfig from(ConfigNode node) {
    RegistrationConfig config =
        new RegistrationConfig(
            node.integer("max_accounts_per_telegram_id", DEFAULT_MAX_ACCOUNTS, 1, 1000),
            node.duration("lock_timeout", DEFAULT_LOCK_TIMEOUT),
            node.integer("max_in_flight", DEFAULT_MAX_IN_FLIGHT, 1, 10_000),
            node.duration("sweep_interval", DEFAULT_SWEEP_INTERVAL),
            node.duration("idempotency_ttl", DEFAULT_IDEMPOTENCY_KEEP),
            TelegramConfig.from(node.childOrEmpty("telegram")));
    node.done();
    return config;
  }
}
