package dev.gatehouse.edge.config;

import dev.gatehouse.shared.config.ConfigNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The admin API's accounts and tokens, from the {@code admin:} section: {@code operators}, the
 * {@code state_dir} that keeps refresh tokens across restarts, the access-token signing key ({@code
 * token_key_file}, made there at first start), token lifetimes and the login lockout. No operators:
 * the admin API is off.
 */
public record AdminAuthConfig(
    Map<String, Operator> operators,
    Optional<Path> stateDir,
    Optional<Path> tokenKeyFile,
    String issuer,
    Duration accessTokenTtl,
    Duration refreshTokenTtl,
    int maxFailures,
    Duration failureWindow,
    Duration lockout) {

  public static final String KEY_FILE_NAME = "admin-token-key.pem";
  public static final String DEFAULT_ISSUER = "gatehouse-edge";
  public static final String AUDIENCE = "gatehouse-admin";
  public static final Duration DEFAULT_ACCESS_TOKEN_TTL = Duration.ofMinutes(5);
  public static final Duration DEFAULT_REFRESH_TOKEN_TTL = Duration.ofDays(30);
  public static final int DEFAULT_MAX_FAILURES = 5;
  public static final Duration DEFAULT_FAILURE_WINDOW = Duration.ofMinutes(15);
  public static final Duration DEFAULT_LOCKOUT = Duration.ofMinutes(15);

  /** Reads the keys of {@code admin} (the node) that belong to authentication. */
  public static AdminAuthConfig from(ConfigNode admin) {
    Map<String, Operator> operators = new LinkedHashMap<>();
    for (Operator operator : admin.children("operators").stream().map(Operator::from).toList()) {
      if (operators.put(operator.name(), operator) != null) {
        throw admin.error("operators", "'" + operator.name() + "' appears twice");
      }
    }
    Optional<Path> stateDir = admin.optionalString("state_dir").map(Path::of);
    Optional<Path> keyFile =
        admin
            .optionalString("token_key_file")
            .map(Path::of)
            .or(() -> stateDir.map(d -> d.resolve(KEY_FILE_NAME)));
    if (!operators.isEmpty() && stateDir.isEmpty()) {
      throw admin.error(
          "state_dir", "is required with operators: refresh tokens are kept there across restarts");
    }
    ConfigNode login = admin.childOrEmpty("login");
    AdminAuthConfig config =
        new AdminAuthConfig(
            Map.copyOf(operators),
            stateDir,
            keyFile,
            admin.string("issuer", DEFAULT_ISSUER),
            admin.timeout("access_token_ttl", DEFAULT_ACCESS_TOKEN_TTL),
            admin.duration("refresh_token_ttl", DEFAULT_REFRESH_TOKEN_TTL),
            login.integer("max_failures", DEFAULT_MAX_FAILURES, 1, 1000),
            login.timeout("window", DEFAULT_FAILURE_WINDOW),
            login.timeout("lockout", DEFAULT_LOCKOUT));
    login.done();
    return config;
  }

  public static AdminAuthConfig off() {
    return new AdminAuthConfig(
        Map.of(),
        Optional.empty(),
        Optional.empty(),
        DEFAULT_ISSUER,
        DEFAULT_ACCESS_TOKEN_TTL,
        DEFAULT_REFRESH_TOKEN_TTL,
        DEFAULT_MAX_FAILURES,
        DEFAULT_FAILURE_WINDOW,
        DEFAULT_LOCKOUT);
  }

  /** Authentication is on once an operator is configured; without, the admin API is off. */
  public boolean enabled() {
    return !operators.isEmpty();
  }

  List<String> names() {
    return List.copyOf(operators.keySet());
  }
}
