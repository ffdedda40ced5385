package dev.gatehouse.agent.routing;

import dev.gatehouse.agent.backend.BackendReply;
import dev.gatehouse.agent.backend.BackendRequest;
import dev.gatehouse.agent.backend.Backends;
import dev.gatehouse.agent.metrics.AgentMetrics;
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

  static final String IDEMPOTENCY_KEY = "Idempotency-Key";
  static final String IDEMPOTENT_REPLAYED = "Idempotent-Replayed";

  private final EventBus eventBus;
  private final String backend;
  private final String address;
  private final Duration timeout;
  private final AgentMetrics metrics;

  public BackendForwarder(
      EventBus eventBus, String backend, Duration timeout, AgentMetrics metrics) {
    this.eventBus = eventBus;
    this.backend = backend;
    this.address = Backends.address(backend);
    this.timeout = timeout;
    this.metrics = metrics;
  }

  @Override
  public void handle(RoutingContext ctx) {
    long deadline = EdgeDeadline.of(ctx, timeout);
    BackendRequest request =
        new BackendRequest(
            ctx.request().method().name(),
            ctx.normalizedPath(),
            RequestIdHandler.of(ctx),
            ctx.body().available() ? ctx.body().asString() : null,
            deadline,
            ctx.request().getHeader(IDEMPOTENCY_KEY));
    long wait = Math.max(1, deadline - System.currentTimeMillis());
    long sent = System.nanoTime();
    eventBus
        .<JsonObject>request(address, request.toJson(), new DeliveryOptions().setSendTimeout(wait))
        .map(message -> BackendReply.fromJson(message.body()))
        .onSuccess(reply -> replied(sent, reply.body().getString("error")))
        .onFailure(failure -> replied(sent, asApiError(failure).code().code()))
        .onSuccess(reply -> write(ctx, reply))
        .onFailure(failure -> fail(ctx, asApiError(failure)));
  }

  private void replied(long sentNanos, String error) {
    metrics.replied(backend, error, System.nanoTime() - sentNanos);
  }

  private static void write(RoutingContext ctx, BackendReply reply) {
    if (reply.replayed()) {
      ctx.response().putHeader(IDEMPOTENT_REPLAYED, "true");
    }
    if (reply.status() == 503) {
      ctx.response().putHeader(HttpHeaders.RETRY_AFTER, retryAfter());
    }
    ctx.response()
        .setStatusCode(reply.status())
        .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
        .end(reply.body().toBuffer());
  }

  private static void fail(RoutingContext ctx, ApiError error) {
    if (error.status() == 503) {
      ctx.response().putHeader(HttpHeaders.RETRY_AFTER, retryAfter());
    }
    ctx.fail(error);
  }

  private static String retryAfter() {
    return Integer.toString(BackendReply.RETRY_AFTER_SECONDS);
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
