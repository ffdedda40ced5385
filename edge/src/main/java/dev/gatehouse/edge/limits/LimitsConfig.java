package dev.gatehouse.edge.limits;

import dev.gatehouse.shared.config.ConfigNode;
import java.time.Duration;

/**
 * {@code limits:} section: what one connection may cost the edge. {@code header_timeout} is the
 * deadline for a new connection to complete TLS and its first request's headers (slowloris); {@code
 * idle_timeout} closes connections silent that long; {@code max_headers} bounds the header lines of
 * one request.
 */
public record LimitsConfig(
    int maxHeaderSize,
    int maxHeaders,
    Duration headerTimeout,
    Duration idleTimeout,
    int maxConnectionsPerIp) {

  public static final int DEFAULT_MAX_HEADER_SIZE = 8 * 1024;
  public static final int DEFAULT_MAX_HEADERS = 100;
  public static final Duration DEFAULT_HEADER_TIMEOUT = Duration.ofSeconds(10);
  public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(60);
  public static final int DEFAULT_MAX_CONNECTIONS_PER_IP = 64;
  private static final Duration MIN_IDLE_TIMEOUT = Duration.ofSeconds(1);

  /** A header block larger than this is an attack or a mistake, whatever the config says. */
  private static final long LARGEST_HEADER_SIZE = 1024 * 1024;

  public static LimitsConfig from(ConfigNode node) {
    long maxHeaderSize = node.size("max_header_size", DEFAULT_MAX_HEADER_SIZE);
    if (maxHeaderSize > LARGEST_HEADER_SIZE) {
      throw node.error("max_header_size", maxHeaderSize + " bytes (expected: at most 1MiB)");
    }
    LimitsConfig config =
        new LimitsConfig(
            (int) maxHeaderSize,
            node.integer("max_headers", DEFAULT_MAX_HEADERS, 1, 10_000),
            node.duration("header_timeout", DEFAULT_HEADER_TIMEOUT),
            // Also the longest a client may take none of a forwarded answer: a client on a slow
            // link stalls for moments, and an answer held for it must not be cut off for one.
            node.timeout("idle_timeout", DEFAULT_IDLE_TIMEOUT, MIN_IDLE_TIMEOUT),
            node.integer("max_connections_per_ip", DEFAULT_MAX_CONNECTIONS_PER_IP, 1, 1_000_000));
    node.done();
    return config;
  }
}
