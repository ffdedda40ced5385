package dev.gatehouse.edge.acme;

import java.time.Duration;
import java.time.Instant;
import java.util.random.RandomGenerator;

/**
 * When to renew and when to retry. Renewal falls at two thirds of the certificate's lifetime (30
 * days before the end of a 90-day certificate, as Let's Encrypt advises), moved earlier by a random
 * part of up to a fifteenth of the lifetime so that edges started together do not renew together.
 * Failures are retried after 5 minutes, doubling up to an hour: well inside Let's Encrypt's limit
 * of 5 failed validations per name per hour, and often enough to finish long before expiry.
 */
final class RenewalSchedule {

  static final Duration FIRST_RETRY = Duration.ofMinutes(5);
  static final Duration MAX_RETRY = Duration.ofHours(1);

  /** How often the CA's renewal information (RFC 9773) is asked again, when it offers it. */
  static final Duration RECHECK = Duration.ofHours(6);

  /** The window in which the CA suggests renewing (RFC 9773). */
  record Window(Instant start, Instant end) {}

  private final RandomGenerator random;
  private Window drawnFor;
  private Instant drawn;

  RenewalSchedule(RandomGenerator random) {
    this.random = random;
  }

  Instant renewAt(StoredCertificate certificate) {
    long lifetime = certificate.lifetime().toMillis();
    long jitter = random.nextLong(lifetime / 15 + 1);
    return certificate.notBefore().plusMillis(lifetime * 2 / 3 - jitter);
  }

  /**
   * When to renew within the CA's {@code window} (RFC 9773): a random moment in it, drawn once and
   * kept while the CA suggests the same window, so that asking again does not push the renewal on
   * towards the window's end; at once when the window has ended (a CA moves the window into the
   * past to have a certificate replaced now, before a revocation). A drawn moment already past is
   * due, and the caller renews.
   */
  synchronized Instant within(Window window, Instant now) {
    if (!window.end().isAfter(now)) {
      return now;
    }
    if (!window.equals(drawnFor)) {
      long span = Math.max(0, window.end().toEpochMilli() - window.start().toEpochMilli());
      drawn = window.start().plusMillis(span == 0 ? 0 : random.nextLong(span));
      drawnFor = window;
    }
    return drawn;
  }

  /** The wait after the {@code failures}-th failure in a row (1 for the first). */
  static Duration retryAfter(int failures) {
    int doublings = Math.min(Math.max(failures - 1, 0), 10);
    Duration wait = FIRST_RETRY.multipliedBy(1L << doublings);
    return wait.compareTo(MAX_RETRY) > 0 ? MAX_RETRY : wait;
  }
}
