package dev.gatehouse.edge.admin.bot;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Telegram bot: long-polls the Bot API and answers commands from allow-listed user ids only, in
 * their private chat with the bot. A message from anyone else is read past and never answered, so
 * the bot does not even confirm it exists; one from an allowed user in a group is not answered
 * either, since everyone in the group would read the answer. An update it cannot read is skipped,
 * never the end of the bot.
 */
public final class AdminBot {

  private static final Logger log = LoggerFactory.getLogger(AdminBot.class);

  private final TelegramApi telegram;
  private final BotCommands commands;
  private final Set<Long> allowed;
  private long offset;

  AdminBot(TelegramApi telegram, BotCommands commands, Set<Long> allowed) {
    this.telegram = telegram;
    this.commands = commands;
    this.allowed = allowed;
  }

  /** One long poll and its answers; returns how many updates it read. */
  int pollOnce() throws IOException, InterruptedException {
    JsonArray updates = telegram.updates(offset);
    for (Object item : updates) {
      try {
        JsonObject update = (JsonObject) item;
        offset = Math.max(offset, update.getLong("update_id", 0L) + 1);
        handle(update.getJsonObject("message"));
      } catch (RuntimeException e) {
        log.warn("skipped a Telegram update that could not be read: {}", e.toString());
      }
    }
    return updates.size();
  }

  /** Polls until the thread is interrupted; a failed poll is retried after a pause. */
  void run() throws InterruptedException {
    while (!Thread.currentThread().isInterrupted()) {
      try {
        pollOnce();
      } catch (IOException | RuntimeException e) {
        log.warn("{}; retrying in 5 s", e.getMessage());
        Thread.sleep(5000);
      }
    }
  }

  private void handle(JsonObject message) throws IOException, InterruptedException {
    if (message == null || !(message.getValue("text") instanceof String text)) {
      return;
    }
    long from = message.getJsonObject("from", new JsonObject()).getLong("id", 0L);
    if (!allowed.contains(from)) {
      log.warn("ignored a message from Telegram user {}, who is not allowed", from);
      return;
    }
    JsonObject chat = message.getJsonObject("chat", new JsonObject());
    if (!"private".equals(chat.getString("type")) || chat.getLong("id", 0L) != from) {
      log.warn("ignored a command of Telegram user {} outside their private chat", from);
      return;
    }
    log.info("command from Telegram user {}: {}", from, text.split("\\s+")[0]);
    telegram.send(from, commands.answer(text));
  }
}
