package dev.gatehouse.shared.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class LogTimeTest {

  @Test
  void everyMillisecondIsWrittenWithThreeDigitsAndParsesBackToItself() {
    long start = Instant.parse("2026-11-23T23:59:58.990Z").toEpochMilli();
    for (long millis = start; millis < start + 2_100; millis++) {
      String time = LogTime.format(millis);
      assertThat(time).hasSize(24).endsWith("Z");
      assertThat(Instant.parse(time).toEpochMilli()).isEqualTo(millis);
    }
    assertThat(LogTime.format(start)).isEqualTo("2026-11-23T23:59:58.990Z");
    assertThat(LogTime.format(start + 10)).isEqualTo("2026-11-23T23:59:59.000Z");
    assertThat(LogTime.format(start + 1_017)).isEqualTo("2026-11-24T00:00:00.007Z");
  }

  @Test
  void aLineOfAnEarlierSecondAfterALaterOneStillGetsItsOwnSecond() {
    long later = Instant.parse("2026-11-23T10:00:05.500Z").toEpochMilli();
    assertThat(LogTime.format(later)).isEqualTo("2026-11-23T10:00:05.500Z");
    assertThat(LogTime.format(later - 1_000)).isEqualTo("2026-11-23T10:00:04.500Z");
    assertThat(LogTime.format(later)).isEqualTo("2026-11-23T10:00:05.500Z");
  }

  @Test
  void timesBefore1970AreNotShiftedBySecond() {
    assertThat(LogTime.format(-1)).isEqualTo("1969-12-31T23:59:59.999Z");
  }
}
