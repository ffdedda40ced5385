package dev.gatehouse.edge.acme;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.ssl.util.SelfSignedCertificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class RenewalScheduleTest {

  @Test
  void ninetyDayCertificateIsRenewedBetweenDay54AndDay60() throws Exception {
    Instant start = Instant.parse("2026-01-01T00:00:00Z");
    StoredCertificate certificate =
        new StoredCertificate(
            new SelfSignedCertificate(
                    "api.example.com", Date.from(start), Date.from(start.plus(Duration.ofDays(90))))
                .cert());
    RenewalSchedule schedule = new RenewalSchedule(new Random(7));

    IntStream.range(0, 1000)
        .mapToObj(i -> schedule.renewAt(certificate))
        .forEach(
            at ->
                assertThat(at)
                    .isBetween(start.plus(Duration.ofDays(54)), start.plus(Duration.ofDays(60))));
  }

  @Test
  void aSuggestedWindowThatHasEndedMeansRenewNow() {
    Instant now = Instant.parse("2026-02-01T00:00:00Z");
    RenewalSchedule schedule = new RenewalSchedule(new Random(7));

    // A CA that will revoke moves the window into the past.
    RenewalSchedule.Window past =
        new RenewalSchedule.Window(now.minus(Duration.ofDays(3)), now.minus(Duration.ofDays(1)));

    assertThat(schedule.within(past, now)).isEqualTo(now);
  }

  @Test
  void anOpenWindowGetsOneMomentInItAndAPastMomentIsDue() {
    Instant now = Instant.parse("2026-02-01T00:00:00Z");
    RenewalSchedule schedule = new RenewalSchedule(new Random(7));
    RenewalSchedule.Window open =
        new RenewalSchedule.Window(now.minus(Duration.ofHours(12)), now.plus(Duration.ofHours(12)));

    Instant drawn = schedule.within(open, now);

    assertThat(drawn).isBetween(open.start(), open.end());
    // Asked again later, the moment stays; once it has passed, the caller (due <= now) renews.
    assertThat(schedule.within(open, now.plus(Duration.ofHours(6)))).isEqualTo(drawn);
    assertThat(schedule.within(open, now.plus(Duration.ofHours(11)))).isEqualTo(drawn);
  }

  @Test
  void aFutureWindowGetsOneMomentInItKeptWhileTheWindowStaysTheSame() {
    Instant now = Instant.parse("2026-02-01T00:00:00Z");
    RenewalSchedule schedule = new RenewalSchedule(new Random(7));
    RenewalSchedule.Window window =
        new RenewalSchedule.Window(now.plus(Duration.ofDays(20)), now.plus(Duration.ofDays(22)));

    Instant first = schedule.within(window, now);
    assertThat(first).isBetween(window.start(), window.end());
    // Asked again every 6 hours, the answer does not move on towards the window's end.
    for (int i = 1; i <= 20; i++) {
      assertThat(schedule.within(window, now.plus(Duration.ofHours(6L * i)))).isEqualTo(first);
    }

    RenewalSchedule.Window moved =
        new RenewalSchedule.Window(now.plus(Duration.ofDays(5)), now.plus(Duration.ofDays(6)));
    assertThat(schedule.within(moved, now)).isBetween(moved.start(), moved.end());
  }

  @Test
  void retriesStartAtFiveMinutesAndDoubleUpToAnHour() {
    assertThat(IntStream.rangeClosed(1, 7).mapToObj(RenewalSchedule::retryAfter))
        .containsExactly(
            Duration.ofMinutes(5),
            Duration.ofMinutes(10),
            Duration.ofMinutes(20),
            Duration.ofMinutes(40),
            Duration.ofHours(1),
            Duration.ofHours(1),
            Duration.ofHours(1));
  }
}
