package dev.gatehouse.shared.log;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class JsonLineEncoderTest {

  private final LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
  private final JsonLineEncoder encoder = new JsonLineEncoder();

  @Test
  void anAccessLineKeepsItsFieldsAndGainsLevelLoggerAndMessage() {
    String line =
        encoded("gatehouse.access", Level.INFO, "{\"request_id\":\"a1\",\"path\":\"/café\"}");

    assertThat(line).endsWith("}\n").doesNotContain("\n{");
    JsonObject fields = new JsonObject(line.strip());
    assertThat(fields.getString("level")).isEqualTo("INFO");
    assertThat(fields.getString("logger")).isEqualTo("gatehouse.access");
    assertThat(fields.getString("message")).isEqualTo("access");
    assertThat(fields.getString("request_id")).isEqualTo("a1");
    assertThat(fields.getString("path")).isEqualTo("/café");
  }

  @Test
  void eachLoggerKeepsItsOwnNameOnItsAccessLines() {
    encoded("gatehouse.access", Level.INFO, "{\"status\":200}");
    JsonObject agent =
        new JsonObject(encoded("gatehouse.agent.access", Level.INFO, "{\"status\":201}").strip());
    JsonObject edge =
        new JsonObject(encoded("gatehouse.access", Level.INFO, "{\"status\":202}").strip());

    assertThat(agent.getString("logger")).isEqualTo("gatehouse.agent.access");
    assertThat(agent.getInteger("status")).isEqualTo(201);
    assertThat(edge.getString("logger")).isEqualTo("gatehouse.access");
    assertThat(edge.getInteger("status")).isEqualTo(202);
  }

  @Test
  void anyOtherLineIsItsMessageInTheCommonShape() {
    JsonObject line = new JsonObject(encoded("gatehouse.edge", Level.WARN, "{not json").strip());

    assertThat(line.getString("message")).isEqualTo("{not json");
    assertThat(line.getString("level")).isEqualTo("WARN");
    assertThat(line.getString("time")).isNotBlank();
  }

  private String encoded(String logger, Level level, String message) {
    LoggingEvent event =
        new LoggingEvent(
            getClass().getName(), context.getLogger(logger), level, message, null, null);
    return new String(encoder.encode(event), StandardCharsets.UTF_8);
  }
}
