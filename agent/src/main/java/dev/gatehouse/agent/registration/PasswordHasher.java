package dev.gatehouse.agent.registration;

import dev.gatehouse.agent.metrics.RegistrationMeters;
import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Argon2id password hashes in the PHC string format ({@code $argon2id$v=19$m=…,t=…,p=…$salt$hash}),
 * with OWASP's baseline cost: 19 MiB, 2 passes, 1 lane. Hashing is deliberately slow, so it runs on
 * a small worker pool of its own: never on an event loop, and never more at once than the pool
 * allows, which bounds the memory it takes.
 */
public final class PasswordHasher {

  static final int MEMORY_KIB = 19 * 1024;
  static final int ITERATIONS = 2;
  static final int PARALLELISM = 1;
  static final int SALT_BYTES = 16;
  static final int HASH_BYTES = 32;
  private static final Pattern PHC =
      Pattern.compile(
          "\\$argon2id\\$v=19\\$m=(\\d+),t=(\\d+),p=(\\d+)\\$([A-Za-z0-9+/]+)\\$([A-Za-z0-9+/]+)");
  private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
  private static final Base64.Decoder B64_DECODER = Base64.getDecoder();

  private final WorkerExecutor workers;
  private final RegistrationMeters meters;
  private final SecureRandom random = new SecureRandom();

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
          String hash = hashNow(password);
          meters.hashDuration().record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
          return hash;
        },
        false);
  }

  String hashNow(String password) {
    byte[] salt = new byte[SALT_BYTES];
    random.nextBytes(salt);
    byte[] hash = derive(password, salt, MEMORY_KIB, ITERATIONS, PARALLELISM, HASH_BYTES);
    return "$argon2id$v=19$m=%d,t=%d,p=%d$%s$%s"
        .formatted(
            MEMORY_KIB,
            ITERATIONS,
            PARALLELISM,
            B64.encodeToString(salt),
            B64.encodeToString(hash));
  }

  /** Whether {@code password} is the one {@code phc} was made from. */
  public static boolean matches(String password, String phc) {
    Matcher m = PHC.matcher(phc);
    if (!m.matches()) {
      return false;
    }
    byte[] expected = B64_DECODER.decode(m.group(5));
    byte[] actual =
        derive(
            password,
            B64_DECODER.decode(m.group(4)),
            Integer.parseInt(m.group(1)),
            Integer.parseInt(m.group(2)),
            Integer.parseInt(m.group(3)),
            expected.length);
    return MessageDigest.isEqual(expected, actual);
  }

  private static byte[] derive(
      String password, byte[] salt, int memoryKib, int iterations, int parallelism, int length) {
    Argon2Parameters parameters =
        new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
            .withVersion(Argon2Parameters.ARGON2_VERSION_13)
            .withMemoryAsKB(memoryKib)
            .withIterations(iterations)
            .withParallelism(parallelism)
            .withSalt(salt)
            .build();
    Argon2BytesGenerator generator = new Argon2BytesGenerator();
    generator.init(parameters);
    byte[] out = new byte[length];
    generator.generateBytes(password.getBytes(StandardCharsets.UTF_8), out);
    return out;
  }
}
