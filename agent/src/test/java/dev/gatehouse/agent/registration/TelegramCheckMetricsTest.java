package dev.gatehouse.agent.registration;

import static dev.gatehouse.shared.testing.Await.result;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.agent.Agent;
import dev.gatehouse.agent.game.mock.MockBehaviour;
import dev.gatehouse.agent.game.mock.MockGameServer;
import dev.gatehouse.agent.testing.FakeTelegram;
import dev.gatehouse.agent.testing.Registrations;
import dev.gatehouse.agent.testing.TelegramLogins;
import dev.gatehouse.agent.testing.TestAgents;
import dev.gatehouse.agent.testing.TestPostgres;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The agent's {@code /metrics} counts Telegram checks by outcome, never by who was checked. */
@ExtendWith(VertxExtension.class)
class TelegramCheckMetricsTest {

  // Ids as long as real ones: a short one turns up by chance in the digits of a timing sum.
  private static final long MEMBER = 5_316_240_977L;
  private static final long STRANGER = 5_316_240_978L;
  private static final String CHECKS = "gatehouse_agent_telegram_checks_total";

  @Test
  void proofAndMembershipChecksAreCountedByOutcome(Vertx vertx) throws Exception {
    String db = TestPostgres.newDatabase();
    MockGameServer game = new MockGameServer(vertx, MockBehaviour.NORMAL);
    int gamePort = result(game.listen("127.0.0.1", 0));
    FakeTelegram telegram = result(new FakeTelegram().start(vertx));
    telegram.status(MEMBER, "member");
    telegram.status(STRANGER, "left");
    String registration = telegram.yaml() + "  require_proof: true\n  proof_max_age: 1h\n";
    try (Agent agent =
        TestAgents.start(
            TestAgents.registeringYaml(db, 0, gamePort, "1s", registration, "")
                + "admin: {port: 0}\n")) {
      WebClient client = WebClient.create(vertx);

      assertThat(register(client, agent, "Member_1", signed(MEMBER)).statusCode()).isEqualTo(200);
      assertThat(register(client, agent, "Stranger_1", signed(STRANGER)).statusCode())
          .isEqualTo(403);
      JsonObject forged = TelegramLogins.signedNow(MEMBER, "999999:another-bot-token");
      assertThat(register(client, agent, "Forged_1", forged).statusCode()).isEqualTo(403);

      String page =
          result(client.get(agent.adminPort(), "127.0.0.1", "/metrics").send()).bodyAsString();
      assertThat(value(page, "proof", "ok")).isEqualTo(2);
      assertThat(value(page, "proof", "telegram_proof_invalid")).isEqualTo(1);
      assertThat(value(page, "membership", "ok")).isEqualTo(1);
      assertThat(value(page, "membership", "not_in_telegram_group")).isEqualTo(1);
      assertThat(page).doesNotContain(String.valueOf(MEMBER)).doesNotContain("Member_1");
    }
  }

  private static JsonObject signed(long id) {
    return TelegramLogins.signedNow(id, FakeTelegram.TOKEN);
  }

  private static HttpResponse<Buffer> register(
      WebClient client, Agent agent, String login, JsonObject proof) {
    JsonObject body =
        Registrations.body(login, "password1", 0, proof.getLong("id")).put("telegram_auth", proof);
    return result(Registrations.post(client, agent.port(), body));
  }

  private static double value(String page, String check, String outcome) {
    return Arrays.stream(page.split("\n"))
        .filter(line -> line.startsWith(CHECKS + "{"))
        .filter(line -> line.contains("check=\"" + check + "\""))
        .filter(line -> line.contains("outcome=\"" + outcome + "\""))
        .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
        .sum();
  }
}
