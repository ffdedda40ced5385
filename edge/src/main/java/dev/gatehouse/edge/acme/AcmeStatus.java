package dev.gatehouse.edge.acme;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Optional;

/**
 * What the edge knows about its ACME certificate, as the admin {@code /health} and {@code doctor}
 * show it. Immutable; the manager replaces it after every step.
 *
 * @param account the ACME account's URL, once registered
 * @param serial the served certificate's serial number (hex), absent while only the temporary one
 *     is served
 * @param issuedAt when the served certificate became valid
 * @param expiresAt when it stops being valid
 * @param nextRenewal when the next order is due (or the next retry after a failure)
 * @param lastError the last failure, absent after a success
 * @param lastErrorAt when it happened
 */
public record AcmeStatus(
    Optional<String> account,
    Optional<String> serial,
    Optional<Instant> issuedAt,
    Optional<Instant> expiresAt,
    Optional<Instant> nextRenewal,
    Optional<String> lastError,
    Optional<Instant> lastErrorAt) {

  public static final AcmeStatus NONE =
      new AcmeStatus(
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          Optional.empty());

  AcmeStatus withAccount(String url) {
    return new AcmeStatus(
        Optional.of(url), serial, issuedAt, expiresAt, nextRenewal, lastError, lastErrorAt);
  }

  /** The certificate being served, the rest unchanged. */
  AcmeStatus withServed(StoredCertificate certificate) {
    return new AcmeStatus(
        account,
        Optional.of(certificate.serial()),
        Optional.of(certificate.notBefore()),
        Optional.of(certificate.notAfter()),
        nextRenewal,
        lastError,
        lastErrorAt);
  }

  /** A certificate in place and good until {@code renewal}; clears an earlier failure. */
  AcmeStatus withCertificate(StoredCertificate certificate, Instant renewal) {
    return new AcmeStatus(
        account,
        Optional.of(certificate.serial()),
        Optional.of(certificate.notBefore()),
        Optional.of(certificate.notAfter()),
        Optional.of(renewal),
        Optional.empty(),
        Optional.empty());
  }

  AcmeStatus withFailure(String error, Instant at, Instant retry) {
    return new AcmeStatus(
        account,
        serial,
        issuedAt,
        expiresAt,
        Optional.of(retry),
        Optional.of(error),
        Optional.of(at));
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject();
    account.ifPresent(v -> json.put("account", v));
    serial.ifPresent(v -> json.put("serial", v));
    issuedAt.ifPresent(v -> json.put("issued_at", v.toString()));
    expiresAt.ifPresent(v -> json.put("expires_at", v.toString()));
    nextRenewal.ifPresent(v -> json.put("next_renewal", v.toString()));
    lastError.ifPresent(v -> json.put("last_error", v));
    lastErrorAt.ifPresent(v -> json.put("last_error_at", v.toString()));
    return json;
  }

  public static AcmeStatus fromJson(JsonObject json) {
    return new AcmeStatus(
        Optional.ofNullable(json.getString("account")),
        Optional.ofNullable(json.getString("serial")),
        instant(json, "issued_at"),
        instant(json, "expires_at"),
        instant(json, "next_renewal"),
        Optional.ofNullable(json.getString("last_error")),
        instant(json, "last_error_at"));
  }

  private static Optional<Instant> instant(JsonObject json, String key) {
    return Optional.ofNullable(json.getString(key)).map(Instant::parse);
  }
}
