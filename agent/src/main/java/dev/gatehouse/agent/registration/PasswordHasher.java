package dev.gatehouse.agent.registration;

import dev.gatehouse.agent.metrics.RegistrationMeters;
import dev.gatehouse.shared.password.Argon2id;
import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Argon2id hashes of account passwords ({@link Argon2id}), on a small worker pool of its own: never
 * on an event loop, and never more at once than the pool allows, which bounds the memory it takes.
 * How long a hash waited for a worker and how long it took are measured.
 */
public final class PasswordHasher {

  private final WorkerExecutor workers;
  private final RegistrationMeters meters;

  public PasswordHasher(WorkerExecutor workers, RegistrationMeters meters) {
    this.workers = workers;
    this.meters = meters;
  }

  public Future<String> hash(String password) {
    long asked = System.nanoTime();
    return workers.executeBlocking(
        () -> {
          long started = System.nanoTime();
          meters.hashWait().record(started - asked, TimeUnit.NANOSECONDS);
          String hash = Argon2id.hash(password);
          meters.hashDuration().record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
          return hash;
        },
        false);
  }

  /** Whether {@code password} is the one {@code phc} was made from, checked on a worker. */
  public Future<Boolean> check(String password, String phc) {
    return workers.executeBlocking(() -> Argon2id.matches(password, phc), false);
  }

  /** Whether {@code password} is the one {@code phc} was made from. */
  public static boolean matches(String password, String phc) {
    return Argon2id.matches(password, phc);
  }
}
