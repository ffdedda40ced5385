package dev.gatehouse.edge.acme;

import dev.gatehouse.edge.redis.SharedState;
import io.vertx.core.Future;
import io.vertx.redis.client.Response;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP-01 answers the port-80 listener serves while an order is being validated: token to key
 * authorization. Written by the ACME worker, read by the event loops. In shared mode the answers
 * are also published in Redis for a while, because round-robin DNS may send the CA's validation
 * request to another edge: a token unknown here is looked up there.
 */
public final class ChallengeTokens {

  /**
   * A fixed token whose answer is the account key's thumbprint, so {@code doctor} can tell that
   * port 80 of a domain reaches this edge and not another machine. The thumbprint is public: it is
   * part of every key authorization the CA fetches anyway.
   */
  public static final String PROBE = "gatehouse-probe";

  /** One per domain of an order, and orders run one at a time. */
  static final int MAX_TOKENS = 256;

  /** Longer than any validation takes; the entry then expires by itself. */
  static final Duration SHARED_TTL = Duration.ofMinutes(10);

  private static final Logger log = LoggerFactory.getLogger(ChallengeTokens.class);

  private final Map<String, String> answers = new ConcurrentHashMap<>();
  private final Optional<SharedState> shared;

  public ChallengeTokens(Optional<SharedState> shared) {
    this.shared = shared;
  }

  /** Publishes the answer for {@code token}; refuses more than {@link #MAX_TOKENS} at once. */
  void put(String token, String keyAuthorization) {
    if (answers.size() >= MAX_TOKENS && !answers.containsKey(token)) {
      throw new IllegalStateException(
          "more than " + MAX_TOKENS + " HTTP-01 challenges open at once");
    }
    answers.put(token, keyAuthorization);
  }

  /**
   * Also publishes the answer in Redis, waiting for it (worker threads only). A Redis failure is
   * logged, not thrown: the validation may well reach this edge.
   */
  void share(String token, String keyAuthorization) {
    shared.ifPresent(
        redis -> {
          try {
            redis
                .watched(
                    redis
                        .api()
                        .set(
                            List.of(
                                key(redis, token),
                                keyAuthorization,
                                "EX",
                                String.valueOf(SHARED_TTL.toSeconds()))))
                .toCompletionStage()
                .toCompletableFuture()
                .get(SHARED_TTL.toMillis(), TimeUnit.MILLISECONDS);
          } catch (Exception e) {
            log.warn(
                "ACME: cannot publish the http-01 answer in Redis ({}); only this edge can answer",
                e.toString());
          }
        });
  }

  void remove(String token) {
    answers.remove(token);
  }

  /** The answer for {@code token}: this edge's own, else another edge's from Redis. */
  Future<Optional<String>> answer(String token) {
    String own = answers.get(token);
    if (own != null || shared.isEmpty()) {
      return Future.succeededFuture(Optional.ofNullable(own));
    }
    SharedState redis = shared.get();
    return redis
        .watched(redis.api().get(key(redis, token)))
        .map(response -> Optional.ofNullable(response).map(Response::toString))
        .otherwise(Optional.empty());
  }

  private static String key(SharedState redis, String token) {
    return redis.key("acme:http01:" + token);
  }
}
