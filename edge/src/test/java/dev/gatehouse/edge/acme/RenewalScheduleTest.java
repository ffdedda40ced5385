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
