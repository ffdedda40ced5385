package dev.gatehouse.shared.log;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class LoggingTest {

  private final PrintStream originalOut = System.out;

  @AfterEach
  void restore() {
    System.setOut(originalOut);
    Logging.configure(new LogConfig("text", "info"));
  }

  @Test
  void jsonFormatWritesOneObjectPerLineWithTheFormattedMessage() {
    String output = capture(new LogConfig("json", "info"));

    String[] lines = output.strip().split("\n");
    assertThat(lines).hasSize(1);
    JsonObject line = new JsonObject(lines[0]);
    assertThat(line.getString("level")).isEqualTo("WARN");
    assertThat(line.getString("message")).isEqualTo("agent 10.8.0.2:1010 is down");
    assertThat(line.getString("logger")).isEqualTo("test");
    assertThat(Instant.parse(line.getString("time"))).isBeforeOrEqualTo(Instant.now());
  }

  @Test
  void textFormatIsOneReadableLine() {
    String output = capture(new LogConfig("text", "info"));

    assertThat(output).contains("WARN").contains("agent 10.8.0.2:1010 is down").doesNotContain("{");
  }

  private String capture(LogConfig config) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    Logging.configure(config);
    LoggerFactory.getLogger("test").debug("not at info level");
    LoggerFactory.getLogger("test").warn("agent {} is down", "10.8.0.2:1010");
    return bytes.toString(StandardCharsets.UTF_8);
  }
}
