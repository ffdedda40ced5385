package dev.gatehouse.agent.telegram;

import dev.gatehouse.shared.error.ApiError;
import dev.gatehouse.shared.error.ErrorCode;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Checks a Telegram Login Widget payload ({@code id}, {@code auth_date}, {@code hash}, names …) as
 * Telegram documents it: {@code hash} is the hex HMAC-SHA-256 of the other fields as sorted {@code
 * key=value} lines, keyed with SHA-256 of the bot's token, and {@code auth_date} is recent. Only
 * then is {@code id} the registering user's own; anything else is {@code 403
 * telegram_proof_invalid}.
 */
public final class TelegramProof {

  /** How far {@code auth_date} may lie ahead of this clock. */
  static final Duration FUTURE_SKEW = Duration.ofMinutes(1);

  private static final Pattern HEX_SHA256 = Pattern.compile("[0-9a-f]{64}");

  private final boolean configured;
  private final byte[] key;
  private final Duration maxAge;
  private final Clock clock;

  public TelegramProof(TelegramConfig config, Clock clock) {
    this.configured = !config.botToken().isEmpty();
    this.key = sha256(config.botToken());
    this.maxAge = config.proofMaxAge();
    this.clock = clock;
  }

  /** The proven Telegram id of {@code payload}; fails with {@code telegram_proof_invalid}. */
  public long provenId(JsonObject payload) {
    if (!configured) {
      // Without the bot's token anyone could sign a payload: it would prove nothing.
      throw invalid("This server does not check Telegram logins; send telegram_id alone.");
    }
    if (payload == null
        || !(payload.getValue("hash") instanceof String hash)
        || !(payload.getValue("id") instanceof Number id)
        || !(payload.getValue("auth_date") instanceof Number authDate)) {
      throw invalid("No Telegram login came with the registration; log in with Telegram first.");
    }
    if (!HEX_SHA256.matcher(hash).matches()
        || !MessageDigest.isEqual(HexFormat.of().parseHex(hash), hmac(dataCheckString(payload)))) {
      throw invalid("The Telegram login is not signed for this site; log in with Telegram again.");
    }
    long age = clock.instant().getEpochSecond() - authDate.longValue();
    if (age > maxAge.toSeconds() || age < -FUTURE_SKEW.toSeconds()) {
      throw invalid("The Telegram login is too old; log in with Telegram again.");
    }
    return id.longValue();
  }

  /** Every field but {@code hash}, as {@code key=value} lines in key order. */
  static String dataCheckString(JsonObject payload) {
    return new TreeSet<>(payload.fieldNames())
        .stream()
            .filter(name -> !name.equals("hash"))
            .map(name -> name + "=" + payload.getValue(name))
            .collect(Collectors.joining("\n"));
  }

  private byte[] hmac(String data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static ApiError invalid(String message) {
    return new ApiError(ErrorCode.TELEGRAM_PROOF_INVALID, message);
  }
}
