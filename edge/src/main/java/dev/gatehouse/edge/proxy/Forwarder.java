package dev.gatehouse.edge.proxy;

import dev.gatehouse.edge.body.ChunkedBodyLimit;
import dev.gatehouse.shared.error.ApiError;
import dev.gatehouse.shared.error.ErrorReplies;
import dev.gatehouse.shared.http.GatehouseHeaders;
import dev.gatehouse.shared.proxy.ProxyFailures;
import io.vertx.core.Future;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Forwards a routed request to its upstream's agents and relays the answer, the route's last step.
 * In order: a body without a length is read first ({@link ChunkedBodyLimit}); the route's
 * micro-cache ({@link AnswerCache}) answers when it can; an agent is asked ({@link Upstream}); a
 * failure becomes the public JSON error, 504 {@code upstream_timeout} for an agent too slow and 502
 * or 503 {@code upstream_unavailable} for one that cannot be reached.
 */
public final class Forwarder {

  private static final Logger log = LoggerFactory.getLogger(Forwarder.class);

  private final Upstream upstream;
  private final Optional<AnswerCache> cache;
  private final ChunkedBodyLimit bodyLimit;

  public Forwarder(Upstream upstream, Optional<AnswerCache> cache, ChunkedBodyLimit bodyLimit) {
    this.upstream = upstream;
    this.cache = cache;
    this.bodyLimit = bodyLimit;
  }

  /**
   * Forwards {@code ctx}'s request as {@code uri}, the path the route matched and its query, with
   * the edge's {@code forwarded} headers in place of the client's of those names.
   */
  Future<Void> forward(RoutingContext ctx, String uri, ForwardedHeaders forwarded) {
    HttpServerRequest client = ctx.request();
    // Held until an agent's connection is there to take it (or the edge reads it itself).
    client.pause();
    return bodyLimit
        .read(client)
        .transform(
            read -> {
              if (read.failed()) {
                return refuse(ctx, read.cause());
              }
              return answer(ctx, new Outbound(client, uri, forwarded, read.result()))
                  .compose(answer -> send(client, answer));
            })
        .onFailure(failure -> unanswered(ctx, failure));
  }

  /** Whatever went wrong, the client is not left waiting: a 502, or its response cut off. */
  private static void unanswered(RoutingContext ctx, Throwable failure) {
    if (ctx.response().closed()) {
      return; // the client went away: nobody to tell
    }
    if (ctx.response().headWritten()) {
      ctx.response().reset();
    } else {
      log.warn("answering {} failed", described(ctx.request(), failure));
      ErrorReplies.send(ctx, ProxyFailures.classify(failure));
    }
  }

  private Future<Answer> answer(RoutingContext ctx, Outbound request) {
    Supplier<Future<Answer>> fetch =
        () ->
            upstream
                .send(request)
                .map(Answer::relayed)
                .recover(failure -> Future.succeededFuture(failed(ctx, request, failure)));
    return cache.isPresent()
        ? cache.get().answer(request.method(), request.uri(), fetch)
        : fetch.get();
  }

  private static Future<Void> send(HttpServerRequest client, Answer answer) {
    if (answer instanceof Answer.Made && !client.isEnded()) {
      client.resume(); // a body no agent got: read and dropped, so the connection can go on
    }
    try {
      return answer.send(client);
    } catch (RuntimeException e) {
      answer.discard();
      return Future.failedFuture(e);
    }
  }

  /** A body too large: 413, and the connection closed so that its rest is never read. */
  private static Future<Void> refuse(RoutingContext ctx, Throwable failure) {
    if (failure instanceof ApiError tooLarge) {
      ErrorReplies.closeOnceSent(ctx.request());
      return Answer.error(ctx, tooLarge).send(ctx.request());
    }
    return Future.failedFuture(failure); // the client broke off its own body: nobody to answer
  }

  private static Answer failed(RoutingContext ctx, Outbound request, Throwable failure) {
    // One decided before any agent was asked (none available) is in the access log; logging each
    // here too would flood the log at the request rate during an outage. One whose client went
    // away first was cut off by the edge itself: nothing went wrong with the agent.
    if (!(failure instanceof ApiError) && !request.client().response().closed()) {
      log.warn("forward of {} failed", described(request.client(), failure));
    }
    return Answer.error(ctx, ProxyFailures.classify(failure));
  }

  /**
   * The request and what went wrong, for the edge's log: method, path and request id (to find its
   * access line), never the query, which may carry a client's token and which access lines leave
   * out too; Vert.x's own messages name the URI with its query, so that is cut from them.
   */
  private static String described(HttpServerRequest client, Throwable failure) {
    String text = failure.toString();
    String query = client.query();
    if (query != null && !query.isEmpty()) {
      text = text.replace("?" + query, "");
    }
    return client.method()
        + " "
        + client.path()
        + " ("
        + client.getHeader(GatehouseHeaders.REQUEST_ID)
        + "): "
        + text;
  }
}
