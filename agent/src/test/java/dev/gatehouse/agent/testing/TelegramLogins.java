package dev.gatehouse.agent.testing;

import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.TreeSet;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Telegram Login Widget payloads signed the way Telegram signs them, written here from Telegram's
 * description independently of the code under test.
 */
public final class TelegramLogins {

  private TelegramLogins() {}

  /** A payload for user {@code id}, logged in at {@code authDate} (epoch seconds). */
  public static JsonObject signed(long id, long authDate, String botToken) {
    JsonObject payload =
        new JsonObject()
            .put("id", id)
            .put("first_name", "Test")
            .put("username", "tester_" + id)
            .put("auth_date", authDate);
    return payload.put("hash", sign(payload, botToken));
  }

  public static JsonObject signedNow(long id, String botToken) {
    return signed(id, System.currentTimeMillis() / 1000, botToken);
  }

  static String sign(JsonObject payload, String botToken) {
    String lines =
        new TreeSet<>(payload.fieldNames())
            .stream()
                .map(name -> name + "=" + payload.getValue(name))
                .collect(Collectors.joining("\n"));
    try {
      byte[] key =
          MessageDigest.getInstance("SHA-256").digest(botToken.getBytes(StandardCharsets.UTF_8));
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(lines.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
