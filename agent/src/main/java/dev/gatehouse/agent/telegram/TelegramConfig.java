package dev.gatehouse.agent.telegram;

import dev.gatehouse.shared.config.ConfigNode;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * {@code registration.telegram:} section: whether registering needs membership of a Telegram group,
 * the bot that asks, how long an answer is reused, and whether the Telegram id must be proven by a
 * Login Widget payload signed for the bot, no older than {@code proof_max_age}. The bot token comes
 * from the environment or a file, never from the YAML itself.
 */
public record TelegramConfig(
    boolean enabled,
    String botToken,
    String chatId,
    URI apiUrl,
    Duration timeout,
    Duration cacheTtl,
    int cacheMaxEntries,
    boolean requireProof,
    Duration proofMaxAge) {

  public static final URI DEFAULT_API_URL = URI.create("https://api.telegram.org");
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);
  public static final Duration DEFAULT_CACHE_TTL = Duration.ofSeconds(60);
  public static final int DEFAULT_CACHE_MAX_ENTRIES = 10_000;
  public static final Duration DEFAULT_PROOF_MAX_AGE = Duration.ofHours(1);

  public static TelegramConfig from(ConfigNode node) {
    boolean enabled = node.bool("enabled", false);
    Optional<String> token = node.optionalString("bot_token");
    Optional<String> tokenFile = node.secretFile("bot_token_file");
    if (token.isPresent() && tokenFile.isPresent()) {
      throw node.error("bot_token_file", "give either 'bot_token' or 'bot_token_file', not both");
    }
    String botToken = tokenFile.or(() -> token).orElse("");
    String chatId = node.optionalString("chat_id").orElse("");
    if (enabled && botToken.isEmpty()) {
      throw node.error(
          "bot_token",
          "is required when the Telegram check is enabled (set it from the environment, e.g. ${TELEGRAM_BOT_TOKEN})");
    }
    boolean requireProof = node.bool("require_proof", false);
    if (requireProof && botToken.isEmpty()) {
      throw node.error(
          "bot_token",
          "is required when require_proof is on: the proof is signed with a key made from it");
    }
    if (enabled && chatId.isEmpty()) {
      throw node.error("chat_id", "is required when the Telegram check is enabled");
    }
    URI apiUrl = apiUrl(node, node.string("api_url", DEFAULT_API_URL.toString()));
    Duration timeout = node.timeout("timeout", DEFAULT_TIMEOUT);
    Duration cacheTtl = node.duration("cache_ttl", DEFAULT_CACHE_TTL);
    int cacheMax = node.integer("cache_max_entries", DEFAULT_CACHE_MAX_ENTRIES, 1, 10_000_000);
    Duration proofMaxAge = node.duration("proof_max_age", DEFAULT_PROOF_MAX_AGE);
    node.done();
    return new TelegramConfig(
        enabled, botToken, chatId, apiUrl, timeout, cacheTtl, cacheMax, requireProof, proofMaxAge);
  }

  /** Keeps the token out of logs and error messages that print the config. */
  @Override
  public String toString() {
    return "TelegramConfig[enabled="
        + enabled
        + ", chatId="
        + chatId
        + ", apiUrl="
        + apiUrl
        + ", requireProof="
        + requireProof
        + "]";
  }

  private static URI apiUrl(ConfigNode node, String text) {
    try {
      URI uri = URI.create(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
      if (!("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()))
          || uri.getHost() == null) {
        throw node.error("api_url", "'" + text + "' must look like https://api.telegram.org");
      }
      return uri;
    } catch (IllegalArgumentException e) {
      throw node.error("api_url", "'" + text + "' is not a URL");
    }
  }
}
