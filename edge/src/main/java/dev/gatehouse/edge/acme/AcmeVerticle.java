package dev.gatehouse.edge.acme;

import dev.gatehouse.edge.acme.AcmeIssuer.Issued;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Random;
import org.shredzone.acme4j.Login;
import org.shredzone.acme4j.exception.AcmeNetworkException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the edge's ACME certificate current: at start and then whenever the schedule says, one step
 * on a worker thread (acme4j blocks) that either finds the stored certificate still good or orders
 * a new one. A new certificate is installed in the state folder and announced on {@link
 * #INSTALLED}, which makes the HTTPS listeners load it at once. A failed step changes no file: the
 * certificate being served stays, the failure is recorded in the status and retried with back-off.
 */
public final class AcmeVerticle extends VerticleBase {

  /** Event-bus address told after a new certificate and key are in place. */
  public static final String INSTALLED = "gatehouse.acme.installed";

  private static final Logger log = LoggerFactory.getLogger(AcmeVerticle.class);

  private final AcmeConfig config;
  private final AcmeFiles files;
  private final AcmeIssuer issuer;
  private final RenewalSchedule schedule = new RenewalSchedule(new Random());
  private final Clock clock;
  private volatile AcmeStatus status = AcmeStatus.NONE;
  // Steps run one after the other, each on some worker thread.
  private volatile int failures;

  public AcmeVerticle(AcmeConfig config, ChallengeTokens tokens, Clock clock) {
    this.config = config;
    this.files = new AcmeFiles(config);
    this.issuer = new AcmeIssuer(config, files, tokens);
    this.clock = clock;
  }

  @Override
  public Future<?> start() {
    vertx.runOnContext(v -> step());
    return Future.succeededFuture();
  }

  /** The latest status; safe to read from any thread. */
  public AcmeStatus status() {
    return status;
  }

  private void step() {
    AcmeStatus before = status;
    vertx
        .executeBlocking(() -> attempt(before), false)
        .onComplete(
            done -> {
              if (done.succeeded()) {
                status = done.result();
              }
              schedule(status.nextRenewal().orElse(clock.instant()));
            });
  }

  /** Blocking: one step, its outcome recorded in the status file; never throws. */
  private AcmeStatus attempt(AcmeStatus before) {
    AcmeStatus known = before.account().isPresent() ? before : withStoredAccount(before);
    AcmeStatus served =
        files.stored().filter(c -> !c.selfSigned()).map(known::withServed).orElse(known);
    AcmeStatus after;
    try {
      after = renewIfDue(served);
      failures = 0;
    } catch (Exception e) {
      after = failed(served, e);
    }
    try {
      files.writeStatus(after);
    } catch (RuntimeException e) {
      log.warn("ACME: cannot write {}: {}", config.statusFile(), e.toString());
    }
    return after;
  }

  /** {@code status} with the account of the status file, the one the stored certificate has. */
  private AcmeStatus withStoredAccount(AcmeStatus status) {
    try {
      return files
          .readStatus()
          .flatMap(AcmeStatus::account)
          .map(status::withAccount)
          .orElse(status);
    } catch (IOException | RuntimeException e) {
      return status;
    }
  }

  /** Blocking: decides whether to order, and orders. Throws when anything fails. */
  private AcmeStatus renewIfDue(AcmeStatus before) throws Exception {
    Login login = issuer.login();
    String account = login.getAccountLocation().toString();
    AcmeStatus status = before.withAccount(account);
    // The account the stored certificate was issued to: another one means another CA (staging
    // before production, say), whose certificate is not kept however long it has left.
    Optional<String> issuedTo = before.account();
    boolean otherCa = issuedTo.isPresent() && !issuedTo.get().equals(account);
    if (otherCa) {
      log.info(
          "ACME: the stored certificate was issued to the account {}, not {} of {}: ordering one",
          issuedTo.get(),
          account,
          config.directory());
    }
    Optional<StoredCertificate> current =
        files.stored().filter(c -> !otherCa && !c.selfSigned() && c.covers(config.domains()));
    Instant now = clock.instant();
    if (current.isPresent()) {
      Instant due = renewalTime(login, current.get());
      if (due.isAfter(now)) {
        return status.withCertificate(current.get(), due);
      }
      log.info("ACME: renewing the certificate for {} (due {})", config.domains(), due);
    } else {
      log.info("ACME: ordering a certificate for {} from {}", config.domains(), config.directory());
    }
    Issued issued = issuer.issue(login, current.map(StoredCertificate::leaf));
    files.install(issued.chain(), issued.key());
    StoredCertificate fresh = new StoredCertificate(issued.chain().get(0));
    vertx.eventBus().publish(INSTALLED, fresh.serial());
    log.info(
        "ACME: installed certificate {} for {}, valid until {}",
        fresh.serial(),
        config.domains(),
        fresh.notAfter());
    return status.withCertificate(fresh, renewalTime(login, fresh));
  }

  /** The CA's suggested time where it gives one (RFC 9773), else two thirds of the lifetime. */
  private Instant renewalTime(Login login, StoredCertificate certificate) {
    try {
      Optional<RenewalSchedule.Window> suggested =
          issuer.suggestedWindow(login, certificate.leaf());
      if (suggested.isPresent()) {
        return schedule.within(suggested.get(), clock.instant());
      }
    } catch (Exception e) {
      log.warn(
          "ACME: no renewal information from the CA ({}); using the own schedule", e.toString());
    }
    return schedule.renewAt(certificate);
  }

  private AcmeStatus failed(AcmeStatus before, Exception e) {
    failures++;
    Instant now = clock.instant();
    Instant retry = now.plus(RenewalSchedule.retryAfter(failures));
    String error = describe(e);
    log.error(
        "ACME: could not get a certificate for {} (failure {} in a row): {}; the current"
            + " certificate stays, next attempt at {}",
        config.domains(),
        failures,
        error,
        retry);
    return before.withFailure(error, now, retry);
  }

  /**
   * Wakes up at {@code at}, or sooner to ask the CA's renewal information again (it can move the
   * date forward, e.g. before a mass revocation); short timers also survive a suspended VM.
   */
  private void schedule(Instant at) {
    Duration wait = Duration.between(clock.instant(), at);
    if (wait.compareTo(RenewalSchedule.RECHECK) > 0) {
      wait = RenewalSchedule.RECHECK;
    }
    vertx.setTimer(Math.max(1, wait.toMillis()), id -> step());
  }

  private String describe(Exception e) {
    if (e instanceof AcmeNetworkException) {
      return "cannot reach the ACME server at " + config.directory() + ": " + e.getCause();
    }
    return describeChain(e);
  }

  private static String describeChain(Throwable e) {
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return e.getCause() == null || message.contains(String.valueOf(e.getCause().getMessage()))
        ? message
        : message + ": " + e.getCause();
  }
}
