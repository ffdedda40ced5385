package dev.gatehouse.edge.accesslog;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** Durations in an access line: milliseconds to the microsecond, as JSON numbers. */
class AccessLineTest {

  @Test
  void durationsAreMillisecondsRoundedToTheMicrosecond() {
    assertThat(AccessLine.millis(1_234_567)).isEqualTo("1.235");
    assertThat(AccessLine.millis(1_234_467)).isEqualTo("1.234");
    assertThat(AccessLine.millis(50_000)).isEqualTo("0.05");
    assertThat(AccessLine.millis(7_000)).isEqualTo("0.007");
    assertThat(AccessLine.millis(12_000_000)).isEqualTo("12");
    assertThat(AccessLine.millis(61_234_100_000L)).isEqualTo("61234.1");
    assertThat(AccessLine.millis(499)).isEqualTo("0");
    assertThat(AccessLine.millis(0)).isEqualTo("0");
  }

  @Test
  void theLineCarriesThemAsNumbers() {
    JsonObject line =
        new JsonObject(
            new AccessLine(
                    "id-1",
                    "203.0.113.9",
                    "GET",
                    "/api/server/status",
                    200,
                    0,
                    98,
                    3_200_000,
                    Optional.of("agent"),
                    OptionalLong.of(2_905_000),
                    Optional.empty(),
                    Optional.empty(),
                    true,
                    Optional.empty())
                .json());

    assertThat(line.getValue("duration_ms")).isEqualTo(3.2);
    assertThat(line.getValue("upstream_ms")).isEqualTo(2.905);
    assertThat(line.getInteger("status")).isEqualTo(200);
  }

  @Test
  void linesMadeOneAfterAnotherAreEachWholeAndEscaped() {
    String path = "/api/say/\"quoted\"\\back\u00e9\u4e16\u0001";
    String first = line("id-1", path, Optional.of("website"));
    String second = line("id-2", "/api/server/status", Optional.empty());

    assertThat(first).startsWith("{\"time\":").endsWith("}").doesNotContain("\n");
    assertThat(new JsonObject(first).getString("path")).isEqualTo(path);
    assertThat(new JsonObject(first).getString("key")).isEqualTo("website");
    assertThat(second).startsWith("{\"time\":").endsWith("}");
    assertThat(new JsonObject(second).getString("request_id")).isEqualTo("id-2");
    assertThat(new JsonObject(second).containsKey("key")).isFalse();
  }

  private static String line(String id, String path, Optional<String> key) {
    return new AccessLine(
            id,
            "203.0.113.9",
            "GET",
            path,
            200,
            0,
            98,
            3_200_000,
            Optional.of("agent"),
            OptionalLong.of(2_905_000),
            key,
            Optional.empty(),
            true,
            Optional.empty())
        .json();
  }
}
