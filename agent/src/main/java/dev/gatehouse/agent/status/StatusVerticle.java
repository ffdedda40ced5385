package dev.gatehouse.agent.status;

import dev.gatehouse.agent.admin.AgentComponents;
import dev.gatehouse.agent.backend.BackendReply;
import dev.gatehouse.agent.backend.BackendRequest;
import dev.gatehouse.agent.backend.Backends;
import dev.gatehouse.shared.error.ApiError;
import dev.gatehouse.shared.error.ErrorCode;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;

/** The status backend: answers {@code GET /api/server/status} from the cached server constants. */
public final class StatusVerticle extends VerticleBase {

  private final Pool pool;
  private final StatusConfig config;
  private final MeterRegistry registry;

  public StatusVerticle(Pool pool, StatusConfig config, MeterRegistry registry) {
    this.pool = pool;
    this.config = config;
    this.registry = registry;
  }

  @Override
  public Future<?> start() {
    StatusRepository repository = new StatusRepository(pool);
    StatusCache cache = new StatusCache(context, repository::read, config.cacheTtl());
    cache.bindTo(registry);
    vertx
        .eventBus()
        .consumer(
            AgentComponents.STATUS_CACHE.address(),
            restart -> restart.reply(new JsonObject().put("dropped", cache.clear())));
    return vertx
        .eventBus()
        .<JsonObject>consumer(Backends.address(Backends.STATUS), message -> answer(message, cache))
        .completion();
  }

  private static void answer(Message<JsonObject> message, StatusCache cache) {
    BackendRequest request = BackendRequest.received(message);
    Future<BackendReply> reply =
        "GET".equals(request.method()) || "HEAD".equals(request.method())
            ? cache.get().map(BackendReply::ok)
            : Future.failedFuture(new ApiError(ErrorCode.METHOD_NOT_ALLOWED));
    BackendReply.replyWhenDone(message, reply);
  }
}
