package dev.gatehouse.agent.game.mock;

import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The mock game server's accounts, as a real server's database would keep them, and what {@code
 * register} and {@code delete} do to them: logins unique in any letter case, never overwritten, and
 * deleted only by the token that made them.
 */
final class MockAccounts {

  private static final Logger log = LoggerFactory.getLogger(MockAccounts.class);

  private final Map<String, MockGameServer.Account> accounts = new ConcurrentHashMap<>();

  Set<String> logins() {
    return accounts.values().stream()
        .map(MockGameServer.Account::login)
        .collect(Collectors.toSet());
  }

  MockGameServer.Account account(String login) {
    return accounts.get(login.toLowerCase(Locale.ROOT));
  }

  void createInGame(String login, String password, int gender) {
    accounts.put(
        login.toLowerCase(Locale.ROOT),
        new MockGameServer.Account(login, gender, sha256(password), null));
  }

  /** Creates the account unless its login exists; the same token again finds it made already. */
  JsonObject register(JsonObject command) {
    if (!(command.getValue("login") instanceof String login)
        || !(command.getValue("password") instanceof String password)
        || !(command.getValue("gender") instanceof Integer gender)
        || !(command.getValue("token") instanceof String token)) {
      return refused("bad_command", "register needs login, password, gender and token");
    }
    MockGameServer.Account made =
        new MockGameServer.Account(login, gender, sha256(password), token);
    MockGameServer.Account kept =
        accounts.computeIfAbsent(login.toLowerCase(Locale.ROOT), key -> made);
    if (kept == made) {
      log.info("register {}", login);
      return ok();
    }
    return token.equals(kept.token())
        ? ok()
        : refused("exists", "an account named '" + kept.login() + "' exists");
  }

  /** Deletes the account only if this token made it; anything else is left alone, and ok. */
  JsonObject delete(JsonObject command) {
    if (!(command.getValue("login") instanceof String login)
        || !(command.getValue("token") instanceof String token)) {
      return refused("bad_command", "delete needs login and token");
    }
    String key = login.toLowerCase(Locale.ROOT);
    MockGameServer.Account account = accounts.get(key);
    boolean deleted =
        account != null && token.equals(account.token()) && accounts.remove(key, account);
    if (deleted) {
      log.info("delete {}", login);
    }
    return ok().put("deleted", deleted);
  }

  static JsonObject ok() {
    return new JsonObject().put("ok", true);
  }

  static JsonObject refused(String error, String message) {
    return new JsonObject().put("ok", false).put("error", error).put("message", message);
  }

  private static String sha256(String secret) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
