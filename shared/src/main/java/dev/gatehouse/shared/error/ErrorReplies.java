package dev.gatehouse.shared.error;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.WebServerRequest;
import io.vertx.httpproxy.Body;
import io.vertx.httpproxy.MediaType;
import io.vertx.httpproxy.ProxyRequest;
import io.vertx.httpproxy.ProxyResponse;
import java.util.Optional;

/**
 * The one door every error answer leaves by, whether a route failed or a proxy produced it. Each
 * answer is recorded on its request, so whatever looks at the outcome (ban strikes, the access log)
 * sees every error sent, wherever it was decided.
 */
public final class ErrorReplies {

  private static final String SENT = "gatehouse.errorSent";

  /**
   * What a 503 tells clients to wait when nothing knows better: about one health-check round, in
   * which an agent or the database may be back.
   */
  public static final int RETRY_AFTER_SECONDS = 5;

  private ErrorReplies() {}

  /** Answers {@code ctx} with {@code error}, unless a response is already under way. */
  public static Future<Void> send(RoutingContext ctx, ApiError error) {
    HttpServerResponse response = ctx.response();
    if (response.headWritten() || response.ended()) {
      return Future.succeededFuture();
    }
    ctx.put(SENT, error);
    return send(ctx.request(), error);
  }

  /**
   * Answers a request no router has seen with {@code error}: the edge's checks that run before
   * routing.
   */
  public static Future<Void> send(HttpServerRequest request, ApiError error) {
    HttpServerResponse response = request.response();
    response.setStatusCode(error.status());
    headers(response.headers(), error);
    return response.end(error.toBuffer());
  }

  /** The proxy's form: {@code error} as the response to the proxied request. */
  public static ProxyResponse proxyResponse(ProxyRequest request, ApiError error) {
    record(request.proxiedRequest(), error);
    ProxyResponse response = request.release().response().setStatusCode(error.status());
    headers(response.headers(), error);
    return response.setBody(Body.body(error.toBuffer(), MediaType.APPLICATION_JSON));
  }

  /**
   * Records {@code error} as {@code ctx}'s answer and puts its headers in {@code headers}: for an
   * answer that is sent later, as a forwarder sends it.
   */
  public static void prepare(RoutingContext ctx, ApiError error, MultiMap headers) {
    ctx.put(SENT, error);
    headers(headers, error);
  }

  /**
   * Closes the client's connection (HTTP/1) or stream (HTTP/2) once its response is sent: for a
   * request whose unread rest must not be read.
   */
  public static void closeOnceSent(HttpServerRequest client) {
    Handler<Void> close =
        sent -> {
          if (client.version() == HttpVersion.HTTP_2) {
            client.response().reset();
          } else {
            client.connection().close();
          }
        };
    // The response's own end handler belongs to vertx-web when routed; it calls the added ones.
    if (client instanceof WebServerRequest routed) {
      routed.routingContext().addEndHandler(result -> close.handle(null));
    } else {
      client.response().endHandler(close);
    }
  }

  /** The error {@code ctx} was answered with, whichever way it was sent. */
  public static Optional<ApiError> sent(RoutingContext ctx) {
    return Optional.ofNullable(ctx.get(SENT));
  }

  /** Records {@code error} as {@code request}'s answer, for the access line and the metrics. */
  public static void record(HttpServerRequest request, ApiError error) {
    // Requests routed by vertx-web know their routing context; a bare one has no observers.
    if (request instanceof WebServerRequest routed) {
      routed.routingContext().put(SENT, error);
    }
  }

  private static void headers(MultiMap headers, ApiError error) {
    headers
        .set(HttpHeaders.CONTENT_TYPE, "application/json")
        .set(HttpHeaders.CACHE_CONTROL, "no-store");
    if (error.status() == 503 && !headers.contains(HttpHeaders.RETRY_AFTER)) {
      headers.set(HttpHeaders.RETRY_AFTER, String.valueOf(RETRY_AFTER_SECONDS));
    }
  }
}
