package dev.gatehouse.edge.proxy;

import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import java.util.function.Supplier;

/** What a route may put in front of its agents: answers a request itself when it can. */
public interface AnswerCache {

  /**
   * The answer to {@code method} {@code key} (the normalised URI), its own or {@code fetch}'s;
   * {@code fetch} asks an agent and answers failures with their error (it never fails).
   */
  Future<Answer> answer(HttpMethod method, String key, Supplier<Future<Answer>> fetch);
}
