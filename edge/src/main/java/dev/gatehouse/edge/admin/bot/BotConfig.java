package dev.gatehouse.edge.admin.bot;

import dev.gatehouse.shared.config.ConfigNode;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The bot's config file: {@code telegram:} (Bot API base URL, the bot token from {@code token_file}
 * or {@code token: ${ENV}}, the Telegram user ids it answers, the long-poll timeout) and {@code
 * admin:} (the admin API's URL and the bot's own operator account).
 */
public record BotConfig(
    URI apiUrl,
    String botToken,
    Set<Long> allowedUsers,
    Duration pollTimeout,
    URI adminUrl,
    String user,
    String password) {

  public static final String DEFAULT_API_URL = "https://api.telegram.org";
  public static final Duration DEFAULT_POLL_TIMEOUT = Duration.ofSeconds(30);

  public static BotConfig from(ConfigNode root) {
    ConfigNode telegram = root.child("telegram");
    String token =
        telegram
            .secretFile("token_file")
            .or(() -> telegram.optionalString("token"))
            .orElseThrow(() -> telegram.error("token_file", "is required (or token: ${ENV})"));
    List<String> users = telegram.strings("allowed_users", List.of());
    if (users.isEmpty()) {
      throw telegram.error("allowed_users", "at least one Telegram user id is required");
    }
    Set<Long> allowed;
    try {
      allowed = users.stream().map(Long::parseLong).collect(Collectors.toUnmodifiableSet());
    } catch (NumberFormatException e) {
      throw telegram.error("allowed_users", "expected numeric Telegram user ids");
    }
    BotConfig partial =
        new BotConfig(
            URI.create(telegram.string("api_url", DEFAULT_API_URL)),
            token,
            allowed,
            telegram.duration("poll_timeout", DEFAULT_POLL_TIMEOUT),
            null,
            null,
            null);
    telegram.done();
    ConfigNode admin = root.child("admin");
    BotConfig config =
        new BotConfig(
            partial.apiUrl(),
            partial.botToken(),
            partial.allowedUsers(),
            partial.pollTimeout(),
            URI.create(admin.string("url")),
            admin.string("user"),
            admin
                .secretFile("password_file")
                .orElseThrow(() -> admin.error("password_file", "is required")));
    admin.done();
    root.done();
    return config;
  }

  /** Never the token or the password. */
  @Override
  public String toString() {
    return "BotConfig[" + apiUrl + ", users " + allowedUsers + ", admin " + adminUrl + "]";
  }
}
