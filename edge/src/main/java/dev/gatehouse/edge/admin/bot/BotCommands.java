package dev.gatehouse.edge.admin.bot;

import dev.gatehouse.edge.admin.client.AdminClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * The bot's commands, each one admin API call made with the bot's own operator account, answered as
 * short text: {@code /status}, {@code /logs}, {@code /bans}, {@code /unban IP}, {@code /reload}.
 */
final class BotCommands {

  static final String HELP = "Commands: /status, /logs, /bans, /unban IP, /reload";
  private static final int LOG_LINES = 20;

  private final AdminClient admin;
  private final String user;
  private final String password;

  BotCommands(AdminClient admin, String user, String password) {
    this.admin = admin;
    this.user = user;
    this.password = password;
  }

  /** The reply to {@code text}, a message from an allowed user. */
  String answer(String text) throws IOException, InterruptedException {
    String[] words = text.strip().split("\\s+");
    String command = words[0].replaceFirst("@.*$", "");
    return switch (command) {
      case "/status" -> status(call("GET", "status"));
      case "/logs" -> logs(call("GET", "logs?level=info&limit=" + LOG_LINES));
      case "/bans" -> bans(call("GET", "bans"));
      case "/unban" ->
          words.length == 2
              ? done(
                  call("DELETE", "bans/" + URLEncoder.encode(words[1], StandardCharsets.UTF_8)),
                  "Ban of " + words[1] + " lifted.")
              : "Usage: /unban IP";
      case "/reload" -> done(call("POST", "reload"), "Configuration reloaded.");
      default -> HELP;
    };
  }

  private AdminClient.Answer call(String method, String path)
      throws IOException, InterruptedException {
    try {
      return admin.call(method, path);
    } catch (AdminClient.NotLoggedIn e) {
      AdminClient.Answer login = admin.login(user, password);
      return login.ok() ? admin.call(method, path) : login;
    }
  }

  private static String status(AdminClient.Answer answer) {
    if (!answer.ok()) {
      return "Refused: " + answer.error();
    }
    JsonObject body = answer.body();
    StringBuilder text =
        new StringBuilder("Edge ")
            .append(body.getJsonObject("edge").getString("version"))
            .append(", up ")
            .append(body.getJsonObject("edge").getLong("uptime_seconds"))
            .append(" s\n");
    body.getJsonObject("upstreams")
        .forEach(
            entry -> {
              JsonObject upstream = (JsonObject) entry.getValue();
              text.append(entry.getKey())
                  .append(": ")
                  .append(upstream.getInteger("available"))
                  .append("/")
                  .append(upstream.getJsonArray("agents").size())
                  .append(" agents up\n");
            });
    text.append("Bans: ").append(body.getJsonObject("bans").getInteger("active"));
    JsonObject certificate = body.getJsonObject("certificate", new JsonObject());
    if (certificate.containsKey("days_left")) {
      text.append("\nCertificate: ").append(certificate.getLong("days_left")).append(" days left");
    }
    return text.toString();
  }

  private static String logs(AdminClient.Answer answer) {
    if (!answer.ok()) {
      return "Refused: " + answer.error();
    }
    StringBuilder text = new StringBuilder();
    for (Object item : answer.body().getJsonArray("lines", new JsonArray())) {
      JsonObject line = (JsonObject) item;
      text.append(line.getString("level"))
          .append(" ")
          .append(line.getString("message"))
          .append('\n');
    }
    return text.length() == 0 ? "No recent lines." : text.toString();
  }

  private static String bans(AdminClient.Answer answer) {
    if (!answer.ok()) {
      return "Refused: " + answer.error();
    }
    JsonArray bans = answer.body().getJsonArray("bans", new JsonArray());
    if (bans.isEmpty()) {
      return "No bans.";
    }
    StringBuilder text = new StringBuilder();
    for (Object item : bans) {
      JsonObject ban = (JsonObject) item;
      text.append(ban.getString("ip"))
          .append(" until ")
          .append(ban.getString("until"))
          .append('\n');
    }
    return text.toString();
  }

  private static String done(AdminClient.Answer answer, String success) {
    return answer.ok() ? success : "Refused: " + answer.error();
  }
}
