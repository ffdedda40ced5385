package dev.gatehouse.agent.idempotency;

import dev.gatehouse.agent.backend.BackendReply;
import dev.gatehouse.shared.error.ApiError;
import dev.gatehouse.shared.error.ErrorCode;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code Idempotency-Key} for a backend, with Stripe's semantics (IETF draft "The Idempotency-Key
 * HTTP Header Field"): the first request with a key runs and its final answer is kept in
 * PostgreSQL; the same key with the same request replays that answer (marked {@code
 * Idempotent-Replayed: true}) without running again, with a different request it is {@code 422
 * idempotency_key_mismatch}, and while the first still runs it is {@code 409 request_in_progress}.
 * Answers that say "try again" (5xx) are not kept, so a retry runs again. A key whose request was
 * cut off (the agent stopped) is free again once that request's deadline has passed.
 */
public final class IdempotentRequests {

  private static final Logger log = LoggerFactory.getLogger(IdempotentRequests.class);

  /** Printable ASCII without spaces, as the draft's examples; a UUID fits. */
  static final Pattern KEY = Pattern.compile("[\\x21-\\x7e]{1,255}");

  static final String CLAIM =
      "INSERT INTO idempotency_keys AS k (key, fingerprint, locked_until) VALUES ($1, $2, $3)"
          + " ON CONFLICT (key) DO UPDATE SET fingerprint = EXCLUDED.fingerprint,"
          + " locked_until = EXCLUDED.locked_until, status = NULL, body = NULL, created_at = now()"
          + " WHERE k.created_at < now() - make_interval(secs => $4)"
          + " OR (k.status IS NULL AND k.locked_until < now() AND k.fingerprint = EXCLUDED.fingerprint)"
          + " RETURNING key";
  static final String KEPT =
      "SELECT fingerprint, status, body FROM idempotency_keys WHERE key = $1";
  static final String FINISH = "UPDATE idempotency_keys SET status = $2, body = $3 WHERE key = $1";
  static final String FORGET = "DELETE FROM idempotency_keys WHERE key = $1";
  static final String SWEEP =
      "DELETE FROM idempotency_keys WHERE created_at < now() - make_interval(secs => $1)";

  private final Pool pool;
  private final Duration keep;

  public IdempotentRequests(Pool pool, Duration keep) {
    this.pool = pool;
    this.keep = keep;
  }

  /**
   * {@code key}, if it is a usable Idempotency-Key; otherwise fails with {@code validation_error}.
   */
  public static String checked(String key) {
    if (!KEY.matcher(key).matches()) {
      throw ApiError.validation(
          Map.of("Idempotency-Key", "must be 1 to 255 visible ASCII characters"));
    }
    return key;
  }

  /**
   * Runs {@code work} once for {@code key} and {@code fingerprint}; {@code deadline} is when a
   * running request's claim on the key lapses.
   */
  public Future<BackendReply> once(
      String key, String fingerprint, Instant deadline, Supplier<Future<BackendReply>> work) {
    return claim(key, fingerprint, deadline)
        .compose(
            claimed ->
                claimed ? work.get().compose(reply -> keep(key, reply)) : replay(key, fingerprint));
  }

  /** Removes the keys older than the time they are kept for. */
  public Future<Void> sweep() {
    return pool.preparedQuery(SWEEP)
        .execute(Tuple.of(keep.toSeconds()))
        .onFailure(failure -> log.warn("idempotency keys not swept: {}", failure.getMessage()))
        .mapEmpty();
  }

  private Future<Boolean> claim(String key, String fingerprint, Instant deadline) {
    return pool.preparedQuery(CLAIM)
        .execute(
            Tuple.of(
                key,
                fingerprint,
                OffsetDateTime.ofInstant(deadline, ZoneOffset.UTC),
                keep.toSeconds()))
        .map(rows -> rows.size() == 1);
  }

  private Future<BackendReply> keep(String key, BackendReply reply) {
    Future<?> kept =
        reply.status() >= 500
            ? pool.preparedQuery(FORGET).execute(Tuple.of(key))
            : pool.preparedQuery(FINISH)
                .execute(Tuple.of(key, reply.status(), reply.body().encode()));
    // The answer stands even if keeping it failed: the claim lapses at the deadline.
    return kept.transform(done -> Future.succeededFuture(reply));
  }

  private Future<BackendReply> replay(String key, String fingerprint) {
    return pool.preparedQuery(KEPT)
        .execute(Tuple.of(key))
        .map(rows -> rows.size() == 0 ? null : rows.iterator().next())
        .compose(row -> answerFor(row, fingerprint));
  }

  private static Future<BackendReply> answerFor(Row row, String fingerprint) {
    if (row != null && !fingerprint.equals(row.getString("fingerprint"))) {
      return Future.failedFuture(new ApiError(ErrorCode.IDEMPOTENCY_KEY_MISMATCH));
    }
    if (row == null || row.getValue("status") == null) {
      return Future.failedFuture(new ApiError(ErrorCode.REQUEST_IN_PROGRESS));
    }
    return Future.succeededFuture(
        BackendReply.replayed(row.getInteger("status"), new JsonObject(row.getString("body"))));
  }
}
