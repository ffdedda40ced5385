package dev.gatehouse.edge.apikey;

import dev.gatehouse.edge.cors.CorsConfig;
import dev.gatehouse.shared.config.ConfigNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The named API keys the edge accepts, kept only as SHA-256 hashes. Every configured key is
 * compared, each in constant time, so neither the match nor its position leaks through timing. Two
 * keys valid at once make rotation painless.
 *
 * <p>A key marked {@code public} is one written into a web page, where anyone can read it: it names
 * the website rather than proving anything, so the edge accepts it only from pages of the allowed
 * CORS origins, and the route's per-IP limits and bans do the protecting.
 */
public final class ApiKeys {

  public record Key(String name, byte[] sha256, boolean isPublic) {

    public Key(String name, byte[] sha256) {
      this(name, sha256, false);
    }
  }

  private final List<Key> keys;

  public ApiKeys(List<Key> keys) {
    this.keys = List.copyOf(keys);
  }

  /**
   * {@code api_keys:} list of {@code {name, sha256}} or {@code {name, key}} (plaintext, from env),
   * each optionally {@code public: true}; a public key needs {@code cors.allowed_origins}.
   */
  public static ApiKeys from(List<ConfigNode> nodes, CorsConfig cors) {
    List<Key> keys = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (ConfigNode node : nodes) {
      String name = node.string("name");
      if (!names.add(name)) {
        throw node.error("name", "'" + name + "' is defined twice");
      }
      Optional<String> hash = node.optionalString("sha256");
      Optional<String> plain = node.optionalString("key");
      if (hash.isPresent() == plain.isPresent()) {
        throw node.error("sha256", "give exactly one of 'sha256' or 'key'");
      }
      byte[] digest;
      if (hash.isPresent()) {
        try {
          digest = HexFormat.of().parseHex(hash.get().toLowerCase());
        } catch (IllegalArgumentException e) {
          throw node.error("sha256", "is not hexadecimal");
        }
        if (digest.length != 32) {
          throw node.error("sha256", "must be 64 hex digits (a SHA-256 digest)");
        }
      } else {
        if (plain.get().length() < 16) {
          throw node.error(
              "key", "is shorter than 16 characters; make one with ./gatehouse keygen api-key");
        }
        digest = sha256(plain.get());
      }
      boolean isPublic = node.bool("public", false);
      if (isPublic && cors.allowedOrigins().isEmpty()) {
        throw node.error(
            "public",
            "a public key is accepted only from pages of cors.allowed_origins, and that list is empty");
      }
      node.done();
      keys.add(new Key(name, digest, isPublic));
    }
    return new ApiKeys(keys);
  }

  public Set<String> names() {
    Set<String> names = new HashSet<>();
    keys.forEach(key -> names.add(key.name()));
    return Set.copyOf(names);
  }

  public boolean isEmpty() {
    return keys.isEmpty();
  }

  /** The key {@code presented} matches, if any. */
  public Optional<Key> match(String presented) {
    if (presented == null || presented.isEmpty()) {
      return Optional.empty();
    }
    byte[] digest = sha256(presented);
    Key found = null;
    for (Key key : keys) {
      if (MessageDigest.isEqual(digest, key.sha256()) && found == null) {
        found = key;
      }
    }
    return Optional.ofNullable(found);
  }

  public static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }
}
