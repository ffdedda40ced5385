package dev.gatehouse.edge.admin.auth;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Rotating refresh tokens (RFC 9700 §4.14.2): opaque random strings of which only SHA-256 hashes
 * are kept. A login starts a family; each refresh spends the family's current token and makes the
 * next. A spent token presented again means two parties hold it, so the whole family is revoked,
 * the newest token with it. Not thread-safe: one admin verticle owns it, so of two refreshes with
 * the same token one comes first and the other is a reuse.
 *
 * <p>Bounded: at most {@link #MAX_FAMILIES} live logins (the oldest is revoked to make room) and
 * the last {@link #MAX_SPENT} spent hashes of each; an older spent token is then merely unknown.
 */
public final class RefreshTokens {

  static final int MAX_FAMILIES = 1000;
  static final int MAX_SPENT = 100;
  private static final int TOKEN_BYTES = 32;

  /** What presenting a refresh token did. */
  public sealed interface Outcome {
    /** The token was current: here is the next one. */
    record Rotated(String operator, String token) implements Outcome {}

    /** The token was spent already: its family {@code family} is revoked now. */
    record Reused(String operator, String family) implements Outcome {}

    /** Unknown, expired or revoked. */
    record Invalid() implements Outcome {}
  }

  private record Family(
      String id, String operator, Instant expires, String current, List<String> spent) {}

  private final Clock clock;
  private final Duration ttl;
  private final SecureRandom random = new SecureRandom();
  private final Map<String, Family> families = new LinkedHashMap<>();
  private final Map<String, String> familyOf = new HashMap<>();

  public RefreshTokens(Clock clock, Duration ttl) {
    this.clock = clock;
    this.ttl = ttl;
  }

  /** A new family for a fresh login of {@code operator}; its first token. */
  public String start(String operator) {
    prune();
    if (families.size() >= MAX_FAMILIES) {
      revoke(families.keySet().iterator().next());
    }
    String token = newToken();
    Family family =
        new Family(newToken(), operator, clock.instant().plus(ttl), hash(token), List.of());
    put(family);
    return token;
  }

  public Outcome rotate(String token) {
    prune();
    String hash = hash(token);
    Family family = Optional.ofNullable(familyOf.get(hash)).map(families::get).orElse(null);
    if (family == null) {
      return new Outcome.Invalid();
    }
    if (!family.current().equals(hash)) {
      revoke(family.id());
      return new Outcome.Reused(family.operator(), family.id());
    }
    String next = newToken();
    List<String> spent = new ArrayList<>(family.spent());
    spent.add(hash);
    if (spent.size() > MAX_SPENT) {
      familyOf.remove(spent.remove(0));
    }
    put(new Family(family.id(), family.operator(), family.expires(), hash(next), spent));
    return new Outcome.Rotated(family.operator(), next);
  }

  /**
   * Takes back the rotation that made {@code next}, whose state could not be saved: the token the
   * client presented is current again, so its retry is a refresh, not a reuse that ends the login.
   */
  public void unrotate(String next) {
    String hash = hash(next);
    Family family = Optional.ofNullable(familyOf.get(hash)).map(families::get).orElse(null);
    if (family == null || !family.current().equals(hash) || family.spent().isEmpty()) {
      return;
    }
    List<String> spent = new ArrayList<>(family.spent());
    String previous = spent.remove(spent.size() - 1);
    familyOf.remove(hash);
    put(new Family(family.id(), family.operator(), family.expires(), previous, List.copyOf(spent)));
  }

  /** The login (family) whose current or spent token {@code token} is. */
  public Optional<String> familyOf(String token) {
    return Optional.ofNullable(familyOf.get(hash(token)));
  }

  /** Whether the login {@code family} still holds: neither ended, revoked nor expired. */
  public boolean live(String family) {
    Family held = families.get(family);
    return held != null && held.expires().isAfter(clock.instant());
  }

  /** Revokes the family {@code token} belongs to (logout); false if it belongs to none. */
  public boolean logout(String token) {
    String family = familyOf.get(hash(token));
    return family != null && revoke(family);
  }

  /** Revokes every family of {@code operator}, e.g. one no longer configured. */
  public void revokeOperator(String operator) {
    families.values().stream()
        .filter(f -> f.operator().equals(operator))
        .map(Family::id)
        .toList()
        .forEach(this::revoke);
  }

  /** The state to keep on disk: hashes only. */
  public JsonObject toJson() {
    JsonArray out = new JsonArray();
    for (Family f : families.values()) {
      out.add(
          new JsonObject()
              .put("id", f.id())
              .put("operator", f.operator())
              .put("expires", f.expires().toString())
              .put("current", f.current())
              .put("spent", new JsonArray(f.spent())));
    }
    return new JsonObject().put("families", out);
  }

  /** Takes over the families {@link #toJson()} wrote. */
  public void load(JsonObject state) {
    for (Object item : state.getJsonArray("families", new JsonArray())) {
      JsonObject f = (JsonObject) item;
      List<String> spent = new ArrayList<>();
      f.getJsonArray("spent", new JsonArray()).forEach(h -> spent.add((String) h));
      put(
          new Family(
              f.getString("id"),
              f.getString("operator"),
              Instant.parse(f.getString("expires")),
              f.getString("current"),
              List.copyOf(spent)));
    }
    prune();
  }

  private void put(Family family) {
    families.put(family.id(), family);
    familyOf.put(family.current(), family.id());
    family.spent().forEach(h -> familyOf.put(h, family.id()));
  }

  private boolean revoke(String id) {
    Family family = families.remove(id);
    if (family == null) {
      return false;
    }
    familyOf.remove(family.current());
    family.spent().forEach(familyOf::remove);
    return true;
  }

  private void prune() {
    Instant now = clock.instant();
    for (Iterator<Family> it = families.values().iterator(); it.hasNext(); ) {
      Family family = it.next();
      if (!family.expires().isAfter(now)) {
        it.remove();
        familyOf.remove(family.current());
        family.spent().forEach(familyOf::remove);
      }
    }
  }

  private String newToken() {
    byte[] bytes = new byte[TOKEN_BYTES];
    random.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  static String hash(String token) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
