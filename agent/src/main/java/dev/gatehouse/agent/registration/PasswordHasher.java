package dev.gatehouse.agent.registration;

import dev.gatehouse.shared.password.Argon2id;
import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;

/**
 * Argon2id hashes of account passwords ({@link Argon2id}), on a small worker pool of its own: never
 * on an event loop, and never more at once than the pool allows, which bounds the memory it takes.
 */
public final class PasswordHasher {

  private final WorkerExecutor workers;

  public PasswordHasher(WorkerExecutor workers) {
    this.workers = workers;
  }

  public Future<String> hash(String password) {
    return workers.executeBlocking(() -> Argon2id.hash(password), false);
  }

  /** Whether {@code password} is the one {@code phc} was made from. */
  public static boolean matches(String password, String phc) {
    return Argon2id.matches(password, phc);
  }
}
