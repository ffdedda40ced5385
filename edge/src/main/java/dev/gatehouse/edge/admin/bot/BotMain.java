package dev.gatehouse.edge.admin.bot;

import dev.gatehouse.edge.admin.client.AdminClient;
import dev.gatehouse.edge.admin.client.TokenStore;
import dev.gatehouse.shared.cli.BuildVersion;
import dev.gatehouse.shared.config.ConfigException;
import dev.gatehouse.shared.config.ConfigFiles;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code gatehouse admin-bot --config bot.yaml}: runs the Telegram bot until stopped. */
@Command(
    name = "gatehouse admin-bot",
    mixinStandardHelpOptions = true,
    versionProvider = BuildVersion.class,
    description = "Answers /status, /logs, /bans, /unban IP and /reload in Telegram.")
public final class BotMain implements Callable<Integer> {

  @Option(names = "--config", required = true, description = "Path of the bot's YAML file.")
  Path config;

  public static void main(String[] args) {
    System.exit(new CommandLine(new BotMain()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    BotConfig bot;
    try {
      bot = BotConfig.from(ConfigFiles.read(config));
    } catch (ConfigException e) {
      System.err.println("gatehouse admin-bot: config error: " + e.getMessage());
      return 2;
    }
    create(bot).run();
    return 0;
  }

  static AdminBot create(BotConfig config) {
    return new AdminBot(
        new TelegramApi(config.apiUrl(), config.botToken(), config.pollTimeout()),
        new BotCommands(
            new AdminClient(config.adminUrl(), TokenStore.memory()),
            config.user(),
            config.password()),
        config.allowedUsers());
  }
}
