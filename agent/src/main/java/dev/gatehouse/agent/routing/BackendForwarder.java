package dev.gatehouse.agent.routing;

import dev.gatehouse.agent.backend.BackendReply;
import dev.gatehouse.agent.backend.BackendRequest;
import dev.gatehouse.agent.backend.Backends;
import dev.gatehouse.shared.error.ApiError;
import dev.gatehouse.shared.error.ErrorCode;
import io.vertx.core.Handler;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;

/** Sends a request to a backend verticle over the event bus and writes its reply as JSON. */
public final class BackendForwarder implements Handler<RoutingContext> {

  private final EventBus eventBus;
  private final String address;
  private final DeliveryOptions delivery;

  public BackendForwarder(EventBus eventBus, String backend, Duration timeout) {
    this.eventBus = eventBus;
    this.address = Backends.address(backend);
    this.delivery = new DeliveryOptions().setSendTimeout(timeout.toMillis());
  }

  @Override
  public void handle(RoutingContext ctx) {
    BackendRequest request =
        new BackendRequest(
            ctx.request().method().name(),
            ctx.normalizedPath(),
            RequestIdHandler.of(ctx),
            ctx.body().available() ? ctx.body().asString() : null);
    eventBus
        .<JsonObject>request(address, request.toJson(), delivery)
        .map(message -> BackendReply.fromJson(message.body()))
        .onSuccess(
            reply ->
                ctx.response()
                    .setStatusCode(reply.status())
                    .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                    .end(reply.body().toBuffer()))
        .onFailure(failure -> ctx.fail(asApiError(failure)));
  }

  private static ApiError asApiError(Throwable failure) {
    if (failure instanceof ReplyException reply) {
      return switch (reply.failureType()) {
        case TIMEOUT -> new ApiError(ErrorCode.UPSTREAM_TIMEOUT);
        case NO_HANDLERS ->
            new ApiError(
                ErrorCode.UPSTREAM_UNAVAILABLE, 503, ErrorCode.UPSTREAM_UNAVAILABLE.message());
        default -> new ApiError(ErrorCode.INTERNAL_ERROR);
      };
    }
    return new ApiError(ErrorCode.INTERNAL_ERROR);
  }
}
