package dev.gatehouse.edge.acme;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The HTTP-01 answers the port-80 listener serves from memory while an order is being validated:
 * token to key authorization. Written by the ACME worker, read by the event loops.
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

  private final Map<String, String> answers = new ConcurrentHashMap<>();

  /** Publishes the answer for {@code token}; refuses more than {@link #MAX_TOKENS} at once. */
  public void put(String token, String keyAuthorization) {
    if (answers.size() >= MAX_TOKENS && !answers.containsKey(token)) {
      throw new IllegalStateException(
          "more than " + MAX_TOKENS + " HTTP-01 challenges open at once");
    }
    answers.put(token, keyAuthorization);
  }

  public void remove(String token) {
    answers.remove(token);
  }

  public Optional<String> answer(String token) {
    return Optional.ofNullable(answers.get(token));
  }
}
