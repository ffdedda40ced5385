package dev.gatehouse.edge.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.shared.testing.TestYaml;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** How the pool picks an agent, and each agent's circuit breaker and health verdict. */
class TargetPoolTest {

  @Test
  void leastOutstandingPicksTheAgentWithFewestRequestsWaiting() {
    TargetPool pool = pool("least_outstanding", "max_failures: 3, base_time: 1s, max_time: 30s");
    Target first = pool.targets().get(0);
    Target second = pool.targets().get(1);
    first.begin();
    first.begin();
    second.begin();

    for (int i = 0; i < 4; i++) {
      assertThat(pool.pick(Set.of())).containsSame(second);
    }
    second.begin();
    second.begin();
    assertThat(pool.pick(Set.of())).containsSame(first);
  }

  @Test
  void roundRobinTakesTurnsAndSkipsWhatWasTried() {
    TargetPool pool = pool("round_robin", "max_failures: 3, base_time: 1s, max_time: 30s");
    Target first = pool.targets().get(0);
    Target second = pool.targets().get(1);

    assertThat(pool.pick(Set.of())).containsSame(first);
    assertThat(pool.pick(Set.of())).containsSame(second);
    assertThat(pool.pick(Set.of())).containsSame(first);
    assertThat(pool.pick(Set.of(second))).containsSame(first);
    assertThat(pool.pick(Set.of(first, second))).isEmpty();
  }

  @Test
  void consecutiveFailuresEjectForATimeThatDoublesAndASuccessResetsIt() {
    TargetPool pool = pool("round_robin", "max_failures: 2, base_time: 1s, max_time: 3s");
    Target target = pool.targets().get(0);
    long now = 0;

    target.failed(now);
    assertThat(target.available(now)).isTrue();
    target.failed(now);
    assertThat(target.available(now + 999_000_000L)).isFalse();
    assertThat(target.available(now + 1_000_000_000L)).isTrue();

    now = 1_000_000_000L;
    target.failed(now);
    target.failed(now);
    assertThat(target.available(now + 1_999_000_000L)).isFalse(); // 2 s the second time
    assertThat(target.available(now + 2_000_000_000L)).isTrue();

    now = 3_000_000_000L;
    target.failed(now);
    target.failed(now);
    assertThat(target.available(now + 2_999_000_000L)).isFalse(); // capped at max_time: 3 s
    assertThat(target.available(now + 3_000_000_000L)).isTrue();

    target.succeeded();
    now = 10_000_000_000L;
    target.failed(now);
    target.failed(now);
    assertThat(target.available(now + 1_000_000_000L)).isTrue(); // back to base_time
  }

  @Test
  void healthChecksNeedTheirThresholdsInARowAndAPassEndsAnEjection() {
    TargetPool pool = pool("round_robin", "max_failures: 1, base_time: 30s, max_time: 30s");
    Target target = pool.targets().get(0);

    target.checked(false, "refused", Instant.now());
    assertThat(target.available(0)).isTrue();
    target.checked(false, "refused", Instant.now());
    assertThat(target.available(0)).isFalse();
    target.checked(true, null, Instant.now());
    assertThat(target.available(0)).isFalse();
    target.failed(0);
    target.checked(true, null, Instant.now());
    assertThat(target.available(0)).isTrue();
    assertThat(target.toJson(0).getString("state")).isEqualTo("healthy");
    assertThat(target.toJson(0).getInteger("ejections")).isEqualTo(1);
  }

  private static TargetPool pool(String balance, String ejection) {
    return new TargetPool(
        UpstreamConfig.from(
            "agents",
            TestYaml.parse(
                """
                targets: ["10.8.0.2:1010", "10.8.0.3:1010"]
                balance: %s
                health_check: {healthy_threshold: 2, unhealthy_threshold: 2}
                ejection: {%s}
                """
                    .formatted(balance, ejection))));
  }
}
