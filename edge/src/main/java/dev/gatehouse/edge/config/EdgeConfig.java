package dev.gatehouse.edge.config;

import dev.gatehouse.edge.apikey.ApiKeys;
import dev.gatehouse.edge.ban.BanConfig;
import dev.gatehouse.edge.cors.CorsConfig;
import dev.gatehouse.edge.kit.KitConfig;
import dev.gatehouse.edge.limits.LimitsConfig;
import dev.gatehouse.edge.proxy.UpstreamConfig;
import dev.gatehouse.edge.ratelimit.LocalRateLimiter;
import dev.gatehouse.edge.redis.RedisConfig;
import dev.gatehouse.edge.stream.StreamConfig;
import dev.gatehouse.edge.tls.TlsConfig;
import dev.gatehouse.edge.trust.AssertionConfig;
import dev.gatehouse.shared.config.ConfigFiles;
import dev.gatehouse.shared.config.ConfigNode;
import dev.gatehouse.shared.log.LogConfig;
import dev.gatehouse.shared.metrics.MetricsConfig;
import dev.gatehouse.shared.net.AddressSet;
import dev.gatehouse.shared.trust.SharedSecret;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The edge's whole configuration, read and checked once at start-up. */
public record EdgeConfig(
    String host,
    int httpsPort,
    int httpPort,
    int publicHttpsPort,
    int instances,
    TlsConfig tls,
    Optional<Path> acmeWebroot,
    AddressSet trustedProxies,
    LimitsConfig limits,
    BanConfig bans,
    AdminConfig admin,
    RedisConfig redis,
    ApiKeys apiKeys,
    CorsConfig cors,
    int maxTrackedIps,
    Map<String, UpstreamConfig> upstreams,
    List<EdgeRoute> routes,
    AssertionConfig assertion,
    KitConfig kit,
    LogConfig log,
    MetricsConfig metrics,
    List<StreamConfig> streams) {

  public static final String DEFAULT_HOST = "0.0.0.0";
  public static final int DEFAULT_HTTPS_PORT = 443;
  public static final int DEFAULT_HTTP_PORT = 80;

  public static EdgeConfig load(Path file) {
    return from(ConfigFiles.read(file));
  }

  public static EdgeConfig from(ConfigNode root) {
    ConfigNode listen = root.childOrEmpty("listen");
    String host = listen.string("host", DEFAULT_HOST);
    int httpsPort = listen.integer("https_port", DEFAULT_HTTPS_PORT, 0, 65535);
    int httpPort = listen.integer("http_port", DEFAULT_HTTP_PORT, -1, 65535);
    // What browsers see: behind a port forward (443 -> 8443) redirects must name the public port.
    int publicHttpsPort = listen.integer("public_https_port", httpsPort, 1, 65535);
    listen.done();

    int instances = root.integer("instances", Runtime.getRuntime().availableProcessors(), 1, 256);
    TlsConfig tls = TlsConfig.from(root.child("tls"));
    if (tls.acme().isPresent() && httpPort < 0) {
      throw root.error(
          "listen.http_port", "is -1, but tls.acme needs the plain-HTTP listener for http-01");
    }

    ConfigNode acme = root.childOrEmpty("acme");
    Optional<Path> webroot = acme.optionalString("webroot").map(Path::of);
    acme.done();

    Map<String, UpstreamConfig> upstreams = new LinkedHashMap<>();
    ConfigNode upstreamNodes = root.child("upstreams");
    for (String name : upstreamNodes.keys()) {
      upstreams.put(name, UpstreamConfig.from(name, upstreamNodes.child(name)));
    }
    upstreamNodes.done();
    if (upstreams.isEmpty()) {
      throw root.error("upstreams", "at least one upstream is required");
    }

    ConfigNode clientIp = root.childOrEmpty("client_ip");
    AddressSet trustedProxies = AddressSet.from(clientIp, "trusted_proxies");
    clientIp.done();
    LimitsConfig limits = LimitsConfig.from(root.childOrEmpty("limits"));
    BanConfig bans = BanConfig.from(root.childOrEmpty("bans"));
    AdminConfig admin = AdminConfig.from(root.childOrEmpty("admin"));
    RedisConfig redis = RedisConfig.from(root.childOrEmpty("redis"));
    CorsConfig cors = CorsConfig.from(root.childOrEmpty("cors"));
    ApiKeys apiKeys = ApiKeys.from(root.children("api_keys"), cors);
    ConfigNode rateLimits = root.childOrEmpty("rate_limits");
    int maxTrackedIps =
        rateLimits.integer(
            "max_tracked_ips", LocalRateLimiter.DEFAULT_MAX_TRACKED_IPS, 1000, 10_000_000);
    rateLimits.done();

    List<EdgeRoute> routes =
        root.uniqueList(
            "routes",
            "path",
            node -> EdgeRoute.from(node, upstreams.keySet(), apiKeys.names()),
            EdgeRoute::path);
    AssertionConfig assertion = AssertionConfig.from(root.childOrEmpty("agent_assertion"));
    KitConfig kit = KitConfig.from(root.childOrEmpty("kit"));
    LogConfig log = LogConfig.from(root.childOrEmpty("log"));
    MetricsConfig metrics = MetricsConfig.from(root.childOrEmpty("metrics"));
    List<StreamConfig> streams = StreamConfig.list(root, upstreams.keySet());
    for (StreamConfig stream : streams) {
      if (assertion.secret().isEmpty()
          && upstreams.get(stream.upstream()).assertionSecret().isEmpty()) {
        throw root.error(
            "agent_assertion.secret_file",
            "is required when streams are configured (or upstreams."
                + stream.upstream()
                + ".assertion_secret_file): every stream is opened by a MACed line");
      }
    }
    root.done();
    return new EdgeConfig(
        host,
        httpsPort,
        httpPort,
        publicHttpsPort,
        instances,
        tls,
        webroot,
        trustedProxies,
        limits,
        bans,
        admin,
        redis,
        apiKeys,
        cors,
        maxTrackedIps,
        Map.copyOf(upstreams),
        routes,
        assertion,
        kit,
        log,
        metrics,
        streams);
  }

  /**
   * The secret of the assertions sent to {@code upstream}'s agents: its own, else the edge's
   * default; empty when neither is set.
   */
  public Optional<SharedSecret> assertionSecret(String upstream) {
    return upstreams.get(upstream).assertionSecret().or(assertion::secret);
  }

  /** {@code listen.http_port: -1} turns the plain-HTTP listener off. */
  public boolean httpEnabled() {
    return httpPort >= 0;
  }
}
