package dev.gatehouse.bench;

import dev.gatehouse.edge.ban.BanConfig;
import dev.gatehouse.edge.ban.LocalBanList;
import dev.gatehouse.edge.config.EdgeRoute;
import dev.gatehouse.edge.metrics.EdgeMetrics;
import dev.gatehouse.shared.config.ConfigFiles;
import dev.gatehouse.shared.config.ConfigNode;
import dev.gatehouse.shared.metrics.Metrics;
import dev.gatehouse.shared.net.AddressSet;
import java.io.StringReader;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Setup;

/**
 * The other decisions every request meets besides those of {@link PolicyChainBenchmark}: the ban
 * lookup, an allow-list check, and recording the request in the metrics.
 */
public class RequestDecisionsBenchmark extends PerCallBenchmark {

  private static final int BANNED = 10_000;

  private LocalBanList bans;
  private AddressSet allowIps;
  private EdgeMetrics metrics;
  private String[] clients;

  @Setup
  public void setUp() {
    ConfigNode config =
        ConfigFiles.parse(
            "bench.yaml",
            new StringReader(
                """
                allow_ips: [10.8.0.0/24, 192.168.0.0/16, "2001:db8::/32"]
                route: {path: /api/server/status, methods: [GET, HEAD], upstream: home}
                """),
            name -> null);
    allowIps = AddressSet.from(config, "allow_ips");
    EdgeRoute route = EdgeRoute.from(config.child("route"), Set.of("home"), Set.of());
    metrics = new EdgeMetrics(Metrics.newRegistry(), List.of(route), true);
    bans =
        new LocalBanList(
            new BanConfig(
                true,
                1,
                Duration.ofMinutes(5),
                Duration.ofHours(1),
                100_000,
                Duration.ofSeconds(5),
                AddressSet.none()),
            Clock.systemUTC());
    clients = new String[2 * BANNED];
    for (int i = 0; i < clients.length; i++) {
      clients[i] = "10." + (i >> 16 & 255) + "." + (i >> 8 & 255) + "." + (i & 255);
      if (i < BANNED) {
        bans.strike(clients[i]);
      }
    }
  }

  private String client() {
    return clients[ThreadLocalRandom.current().nextInt(clients.length)];
  }

  /** Half the clients asking are among the 10,000 banned. */
  @Benchmark
  public Optional<Instant> banLookup() {
    return bans.bannedUntil(client());
  }

  @Benchmark
  public boolean allowIpsCheck() {
    return allowIps.contains(client());
  }

  @Benchmark
  public EdgeMetrics recordInMetrics() {
    metrics.ended(
        "/api/server/status",
        "GET",
        200,
        1_200_000,
        Optional.of("home"),
        OptionalLong.of(800_000),
        Optional.empty(),
        Optional.empty());
    return metrics;
  }
}
