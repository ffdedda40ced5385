package dev.gatehouse.edge.ban;

import dev.gatehouse.shared.config.ConfigNode;
import dev.gatehouse.shared.net.AddressSet;
import java.time.Duration;
import java.util.List;

/**
 * {@code bans:} section, what fail2ban did: an IP with {@code threshold} rejections within {@code
 * window} is refused for {@code duration}. In shared mode edges read each other's bans every {@code
 * sync_interval}. Addresses in {@code never_ban} are never banned (still rate limited).
 */
public record BanConfig(
    boolean enabled,
    int threshold,
    Duration window,
    Duration duration,
    int maxTrackedIps,
    Duration syncInterval,
    AddressSet neverBan) {

  public static final int DEFAULT_THRESHOLD = 20;
  public static final Duration DEFAULT_WINDOW = Duration.ofMinutes(5);
  public static final Duration DEFAULT_DURATION = Duration.ofHours(1);
  public static final int DEFAULT_MAX_TRACKED_IPS = 100_000;
  public static final Duration DEFAULT_SYNC_INTERVAL = Duration.ofSeconds(1);

  /** Loopback and the tunnel subnet {@code wg init} proposes: the operator's own machines. */
  public static final List<String> DEFAULT_NEVER_BAN =
      List.of("127.0.0.0/8", "::1/128", "10.8.0.0/24");

  public static BanConfig from(ConfigNode node) {
    BanConfig config =
        new BanConfig(
            node.bool("enabled", true),
            node.integer("threshold", DEFAULT_THRESHOLD, 1, 1_000_000),
            node.duration("window", DEFAULT_WINDOW),
            node.duration("duration", DEFAULT_DURATION),
            node.integer("max_tracked_ips", DEFAULT_MAX_TRACKED_IPS, 1000, 10_000_000),
            node.duration("sync_interval", DEFAULT_SYNC_INTERVAL),
            AddressSet.from(node, "never_ban", DEFAULT_NEVER_BAN));
    node.done();
    return config;
  }
}
