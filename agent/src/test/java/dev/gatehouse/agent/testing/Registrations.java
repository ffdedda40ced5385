package dev.gatehouse.agent.testing;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.util.HashSet;
import java.util.Set;

/** Sends registrations to an agent and reads what they left in its database. */
public final class Registrations {

  private Registrations() {}

  public static JsonObject body(String login, String password, int gender, long telegramId) {
    return new JsonObject()
        .put("login", login)
        .put("password", password)
        .put("gender", gender)
        .put("telegram_id", telegramId);
  }

  public static Future<HttpResponse<Buffer>> post(WebClient client, int port, JsonObject body) {
    return client.post(port, "127.0.0.1", "/api/register").sendJsonObject(body);
  }

  /** Every login in {@code players}. */
  public static Set<String> logins(String databaseUrl) {
    return new HashSet<>(TestPostgres.queryStrings(databaseUrl, "SELECT login FROM players"));
  }

  public static long pending(String databaseUrl) {
    return TestPostgres.queryLong(databaseUrl, "SELECT count(*) FROM pending_game_accounts");
  }

  /** Every row of the registration tables, as text, for looking for what must not be there. */
  public static String everyRowAsText(String databaseUrl) {
    return String.join(
        "\n",
        TestPostgres.queryStrings(
            databaseUrl,
            "SELECT t::text FROM players t UNION ALL SELECT t::text FROM telegram_players t"
                + " UNION ALL SELECT t::text FROM pending_game_accounts t"));
  }
}
