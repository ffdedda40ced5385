package dev.gatehouse.edge.proxy;

import dev.gatehouse.shared.config.ConfigNode;
import dev.gatehouse.shared.trust.SharedSecret;
import io.vertx.core.net.HostAndPort;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One named upstream: the agents behind it ({@code host:port}), how a request picks one, how long
 * to wait for them, and how an agent that stops answering is taken out of the pool and brought
 * back: {@code health_check} asks each agent on a timer, {@code ejection} reacts to the failures of
 * real requests. {@code assertion_secret_file} gives these agents a secret of their own, so a
 * secret stolen from one pool's agent is worth nothing against another's.
 */
public record UpstreamConfig(
    String name,
    List<HostAndPort> targets,
    Duration connectTimeout,
    Duration responseTimeout,
    int maxConnections,
    Balance balance,
    HealthCheck healthCheck,
    Ejection ejection,
    Optional<SharedSecret> assertionSecret) {

  public enum Balance {
    ROUND_ROBIN,
    LEAST_OUTSTANDING
  }

  /** Active checks: {@code GET path} every {@code interval}; thresholds of consecutive results. */
  public record HealthCheck(
      String path,
      Duration interval,
      Duration timeout,
      int healthyThreshold,
      int unhealthyThreshold) {

    static HealthCheck from(ConfigNode node) {
      String path = node.urlPath("path", "/health");
      HealthCheck check =
          new HealthCheck(
              path,
              node.duration("interval", Duration.ofSeconds(5)),
              node.timeout("timeout", Duration.ofSeconds(2)),
              node.integer("healthy_threshold", 2, 1, 100),
              node.integer("unhealthy_threshold", 2, 1, 100));
      node.done();
      return check;
    }
  }

  /**
   * Passive checks, the circuit breaker of each agent: {@code max_failures} failed requests in a
   * row eject it for {@code base_time}, doubled on each ejection that follows without a success in
   * between, up to {@code max_time}.
   */
  public record Ejection(int maxFailures, Duration baseTime, Duration maxTime) {

    static Ejection from(ConfigNode node) {
      Ejection ejection =
          new Ejection(
              node.integer("max_failures", 3, 1, 1000),
              node.duration("base_time", Duration.ofSeconds(1)),
              node.duration("max_time", Duration.ofSeconds(30)));
      node.done();
      return ejection;
    }
  }

  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(2);
  public static final Duration DEFAULT_RESPONSE_TIMEOUT = Duration.ofSeconds(15);
  public static final int DEFAULT_MAX_CONNECTIONS = 64;

  public static UpstreamConfig from(String name, ConfigNode node) {
    List<HostAndPort> targets = new ArrayList<>();
    List<String> texts = node.strings("targets", List.of());
    for (int i = 0; i < texts.size(); i++) {
      targets.add(parseTarget(node, "targets[" + i + "]", texts.get(i)));
    }
    if (targets.isEmpty()) {
      throw node.error("targets", "at least one host:port is required");
    }
    UpstreamConfig config =
        new UpstreamConfig(
            name,
            List.copyOf(targets),
            node.timeout("connect_timeout", DEFAULT_CONNECT_TIMEOUT),
            node.duration("response_timeout", DEFAULT_RESPONSE_TIMEOUT),
            node.integer("max_connections", DEFAULT_MAX_CONNECTIONS, 1, 10_000),
            Balance.valueOf(
                node.choice("balance", "round_robin", List.of("round_robin", "least_outstanding"))
                    .toUpperCase(java.util.Locale.ROOT)),
            HealthCheck.from(node.childOrEmpty("health_check")),
            Ejection.from(node.childOrEmpty("ejection")),
            SharedSecret.fromFile(node, "assertion_secret_file"));
    node.done();
    return config;
  }

  private static HostAndPort parseTarget(ConfigNode node, String key, String text) {
    int colon = text.lastIndexOf(':');
    if (colon <= 0) {
      throw node.error(key, "'" + text + "' must be host:port");
    }
    try {
      int port = Integer.parseInt(text.substring(colon + 1));
      if (port < 1 || port > 65535) {
        throw new NumberFormatException();
      }
      return HostAndPort.create(text.substring(0, colon), port);
    } catch (NumberFormatException e) {
      throw node.error(key, "'" + text + "' has no valid port");
    }
  }
}
