package dev.gatehouse.agent.metrics;

import dev.gatehouse.shared.error.ApiError;
import dev.gatehouse.shared.metrics.Metrics;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The registration backend's meters: the password hash (waiting for a hashing thread, then
 * hashing), each game-server command, the journal of unsettled attempts, and the Telegram checks.
 * Outcomes are fixed words or error codes, never a login or a Telegram id.
 */
public final class RegistrationMeters {

  /** Game-server outcomes: answered, answered that the login exists, or no usable answer. */
  public static final String OK = "ok";

  public static final String EXISTS = "exists";
  public static final String FAILED = "failed";

  private final MeterRegistry registry;
  private final Timer hashWait;
  private final Timer hashDuration;
  private final AtomicLong journalPending = new AtomicLong();

  public RegistrationMeters(MeterRegistry registry) {
    this.registry = registry;
    this.hashWait = Metrics.latency(registry, AgentMetricNames.PASSWORD_HASH_WAIT);
    this.hashDuration = Metrics.latency(registry, AgentMetricNames.PASSWORD_HASH_DURATION);
    Gauge.builder(AgentMetricNames.JOURNAL_PENDING, journalPending, AtomicLong::get)
        .register(registry);
    // At zero from the start, so a rate over them is defined before the first check.
    for (String check : new String[] {"proof", "membership"}) {
      registry.counter(AgentMetricNames.TELEGRAM_CHECKS, "check", check, "outcome", OK);
    }
  }

  /** Between asking for a hash and a hashing thread starting on it. */
  public Timer hashWait() {
    return hashWait;
  }

  public Timer hashDuration() {
    return hashDuration;
  }

  /** One game-server command ({@code register}, {@code delete}, {@code ping}) and its outcome. */
  public void gameServer(String command, String outcome, long nanos) {
    registry
        .counter(AgentMetricNames.GAME_SERVER_REQUESTS, "command", command, "outcome", outcome)
        .increment();
    Metrics.latency(registry, AgentMetricNames.GAME_SERVER_DURATION, "command", command)
        .record(nanos, TimeUnit.NANOSECONDS);
  }

  /** The journal lines left when a sweep last looked. */
  public void journalPending(long lines) {
    journalPending.set(lines);
  }

  /**
   * A Telegram check ({@code proof} or {@code membership}): {@code ok} when {@code failure} is
   * null, else the error code it answered with.
   */
  public void telegram(String check, Throwable failure) {
    String outcome =
        failure == null ? OK : failure instanceof ApiError e ? e.code().code() : "other";
    registry
        .counter(AgentMetricNames.TELEGRAM_CHECKS, "check", check, "outcome", outcome)
        .increment();
  }
}
