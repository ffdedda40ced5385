package dev.gatehouse.agent.registration;

import dev.gatehouse.agent.admin.AgentComponents;
import dev.gatehouse.agent.backend.BackendReply;
import dev.gatehouse.agent.backend.BackendRequest;
import dev.gatehouse.agent.backend.Backends;
import dev.gatehouse.agent.game.GameServerClient;
import dev.gatehouse.agent.game.GameServerConfig;
import dev.gatehouse.agent.idempotency.IdempotentRequests;
import dev.gatehouse.agent.metrics.RegistrationMeters;
import dev.gatehouse.agent.telegram.TelegramMembership;
import dev.gatehouse.shared.error.ApiError;
import dev.gatehouse.shared.error.ErrorCode;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * The registration backend: answers {@code POST /api/register} (once per Idempotency-Key), answers
 * game-server health pings, and settles registrations a crash left unfinished and sweeps old
 * idempotency keys, at start and then periodically.
 */
public final class RegistrationVerticle extends VerticleBase {

  static final JsonObject SUCCESS =
      new JsonObject().put("ok", true).put("message", "Registration successful.");

  private final Pool pool;
  private final Pool journal;
  private final RegistrationConfig config;
  private final GameServerConfig gameConfig;
  private final RegistrationMeters meters;
  private GameServerClient game;
  private WorkerExecutor hashWorkers;

  public RegistrationVerticle(
      Pool pool,
      Pool journal,
      RegistrationConfig config,
      GameServerConfig gameConfig,
      RegistrationMeters meters) {
    this.pool = pool;
    this.journal = journal;
    this.config = config;
    this.gameConfig = gameConfig;
    this.meters = meters;
  }

  @Override
  public Future<?> start() {
    game = new GameServerClient(vertx, gameConfig, meters);
    hashWorkers =
        vertx.createSharedWorkerExecutor(
            "gatehouse-password-hash", Math.max(1, Runtime.getRuntime().availableProcessors()));
    PendingAccounts pending = new PendingAccounts(journal, game, meters);
    TelegramMembership telegram = new TelegramMembership(vertx, config.telegram());
    vertx
        .eventBus()
        .consumer(
            AgentComponents.GAME_CONNECTIONS.address(),
            restart -> restart.reply(new JsonObject().put("reset", game.retryNow())));
    vertx
        .eventBus()
        .consumer(
            AgentComponents.TELEGRAM_CACHE.address(),
            restart -> restart.reply(new JsonObject().put("dropped", telegram.forget())));
    Registrar registrar =
        new Registrar(
            pool, config, telegram, new PasswordHasher(hashWorkers, meters), game, pending, meters);
    IdempotentRequests idempotency = new IdempotentRequests(pool, config.idempotencyKeep());
    pending.sweep();
    vertx.setPeriodic(
        config.sweepInterval().toMillis(), tick -> pending.sweep().eventually(idempotency::sweep));
    return vertx
        .eventBus()
        .<JsonObject>consumer(
            Backends.address(Backends.REGISTER), message -> answer(message, registrar, idempotency))
        .completion()
        .compose(
            registered ->
                vertx
                    .eventBus()
                    .<JsonObject>consumer(
                        Backends.GAME_PING_ADDRESS,
                        ping ->
                            game.ping()
                                .onSuccess(pong -> ping.reply(true))
                                .onFailure(failure -> ping.fail(503, failure.getMessage())))
                    .completion());
  }

  @Override
  public Future<?> stop() {
    hashWorkers.close();
    return game.close();
  }

  private static void answer(
      Message<JsonObject> message, Registrar registrar, IdempotentRequests idempotency) {
    BackendRequest request = BackendRequest.received(message);
    Future<BackendReply> reply =
        "POST".equals(request.method())
            ? once(request, idempotency, () -> register(request, registrar))
                .compose(done -> sameAccount(request, registrar, done))
                // The Idempotency-Key's own reads and writes: PostgreSQL out of reach.
                .recover(
                    failure ->
                        Future.failedFuture(
                            failure instanceof ApiError
                                ? failure
                                : Registrar.databaseUnavailable()))
            : Future.failedFuture(new ApiError(ErrorCode.METHOD_NOT_ALLOWED));
    BackendReply.replyWhenDone(message, reply);
  }

  /** Runs {@code work}, once per Idempotency-Key when the request has one. */
  private static Future<BackendReply> once(
      BackendRequest request, IdempotentRequests idempotency, Supplier<Future<BackendReply>> work) {
    String key = request.idempotencyKey();
    if (key == null) {
      return work.get();
    }
    return Future.succeededFuture(key)
        .map(IdempotentRequests::checked)
        .compose(
            checked ->
                idempotency.once(
                    key,
                    Fingerprints.of(request.body()),
                    Instant.ofEpochMilli(request.deadlineEpochMillis()),
                    work));
  }

  /** A replayed success stands only for a request with the password the account was made with. */
  private static Future<BackendReply> sameAccount(
      BackendRequest request, Registrar registrar, BackendReply reply) {
    if (!reply.replayed() || reply.status() != 200) {
      return Future.succeededFuture(reply);
    }
    RegistrationRequest retried;
    try {
      retried = RegistrationRequest.parse(request.body());
    } catch (ApiError invalid) {
      // The same fields but a password the first request could not have had.
      return Future.failedFuture(new ApiError(ErrorCode.IDEMPOTENCY_KEY_MISMATCH));
    }
    return registrar
        .madeWith(retried)
        .map(
            same -> {
              if (!same) {
                throw new ApiError(ErrorCode.IDEMPOTENCY_KEY_MISMATCH);
              }
              return reply;
            });
  }

  private static Future<BackendReply> register(BackendRequest request, Registrar registrar) {
    Deadline deadline = Deadline.before(request.deadlineEpochMillis());
    return Future.succeededFuture(request.body())
        .map(RegistrationRequest::parse)
        .compose(registration -> registrar.register(registration, deadline))
        .map(done -> BackendReply.ok(SUCCESS))
        .otherwise(BackendReply::error);
  }
}
