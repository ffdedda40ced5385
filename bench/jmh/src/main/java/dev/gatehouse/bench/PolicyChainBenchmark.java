package dev.gatehouse.bench;

import dev.gatehouse.edge.apikey.ApiKeys;
import dev.gatehouse.edge.cors.CorsConfig;
import dev.gatehouse.edge.cors.CorsPolicy;
import dev.gatehouse.edge.ratelimit.Decision;
import dev.gatehouse.edge.ratelimit.LocalRateLimiter;
import dev.gatehouse.edge.ratelimit.RateLimitSpec;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** The per-request decisions of the edge's policy chain, each on its own. */
public class PolicyChainBenchmark extends PerCallBenchmark {

  private ApiKeys keys;
  private String presentedKey;
  private CorsPolicy cors;

  /** A route's limiter that has already seen a population of distinct client IPs. */
  @State(Scope.Benchmark)
  public static class Population {
    /** A quiet site, and one being scanned from a million addresses. */
    @Param({"1000", "1000000"})
    int ipPopulation;

    LocalRateLimiter limiter;
    String[] ips;

    @Setup
    public void setUp() {
      limiter =
          new LocalRateLimiter(new RateLimitSpec(1_000_000, Duration.ofMinutes(1)), 2_000_000);
      ips = new String[ipPopulation];
      for (int i = 0; i < ipPopulation; i++) {
        ips[i] = "10." + (i >> 16 & 255) + "." + (i >> 8 & 255) + "." + (i & 255);
        limiter.decide(ips[i]);
      }
    }
  }

  @Setup
  public void setUp() {
    String current = "k3y-website-0123456789abcdefghijklmnopqrstuv";
    String next = "k3y-rotated-zyxwvutsrqponmlkjihgfedcba9876";
    keys =
        new ApiKeys(
            List.of(
                new ApiKeys.Key("website", ApiKeys.sha256(current)),
                new ApiKeys.Key("website-next", ApiKeys.sha256(next))));
    presentedKey = next;
    cors =
        new CorsPolicy(new CorsConfig(Set.of("https://game.example.com"), Duration.ofMinutes(10)));
  }

  @Benchmark
  public boolean apiKeyCheck() {
    return keys.match(presentedKey).isPresent();
  }

  @Benchmark
  public boolean corsOriginCheck() {
    return cors.allows("https://Game.example.com");
  }

  @Benchmark
  public Decision rateLimitLookup(Population population) {
    return population.limiter.decide(
        population.ips[ThreadLocalRandom.current().nextInt(population.ipPopulation)]);
  }
}
