package dev.gatehouse.agent.registration;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.TreeMap;

/**
 * What makes two registrations "the same request" for an Idempotency-Key: SHA-256 of the body's
 * fields in name order, without the password. A fast hash of a password would be a guessing aid in
 * the database; a retry with the same key is the same form anyway.
 */
final class Fingerprints {

  private Fingerprints() {}

  static String of(String body) {
    String canonical;
    try {
      JsonObject json = new JsonObject(body == null ? "null" : body);
      TreeMap<String, Object> fields = new TreeMap<>(json.getMap());
      fields.remove("password");
      canonical = new JsonObject(fields).encode();
    } catch (DecodeException | ClassCastException | NullPointerException e) {
      canonical = "not json: " + body;
    }
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
