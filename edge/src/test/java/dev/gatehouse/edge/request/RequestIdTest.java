package dev.gatehouse.edge.request;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Which ids a client may bring along, and what the others get instead. */
class RequestIdTest {

  @ParameterizedTest
  @ValueSource(strings = {"req-123", "a", "website.form_17-B", "0123456789", "Z", "AZaz09._-"})
  void aShortPlainIdIsKept(String offered) {
    assertThat(RequestIdHandler.idFor(offered)).isEqualTo(offered);
  }

  @Test
  void sixtyFourCharactersAreTheLongestKept() {
    String longest = "x".repeat(64);
    assertThat(RequestIdHandler.idFor(longest)).isEqualTo(longest);
    assertThat(RequestIdHandler.idFor(longest + "x")).isNotEqualTo(longest + "x");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "bad id with spaces",
        "line\r\nbreak",
        "tab\tbed",
        "quote\"d",
        "slash/ed",
        "colon:ed",
        "at@",
        "bracket[",
        "back`tick",
        "brace{",
        "café",
        "日本",
        "{\"json\":1}",
        "percent%20"
      })
  void anythingElseIsReplacedByANewUuid(String offered) {
    String id = RequestIdHandler.idFor(offered);
    assertThat(id).isNotEqualTo(offered);
    assertThat(UUID.fromString(id).toString()).isEqualTo(id);
  }

  @Test
  void aMissingIdGetsADifferentNewOneEachTime() {
    assertThat(RequestIdHandler.idFor(null)).isNotEqualTo(RequestIdHandler.idFor(null));
  }
}
