package dev.gatehouse.edge.limits;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerRequest;
import java.util.HashMap;
import java.util.Map;

/**
 * Guards each new connection of one edge instance: refuses it when its IP has too many open, and
 * closes it when its first request's headers have not arrived by the header deadline, so a client
 * trickling bytes cannot hold a connection open. Confined to the instance's event loop.
 */
public final class ConnectionGuard {

  private final Vertx vertx;
  private final ConnectionCounter counter;
  private final long headerTimeoutMillis;
  private final Map<HttpConnection, Long> awaitingHeaders = new HashMap<>();

  public ConnectionGuard(Vertx vertx, ConnectionCounter counter, LimitsConfig limits) {
    this.vertx = vertx;
    this.counter = counter;
    this.headerTimeoutMillis = limits.headerTimeout().toMillis();
  }

  public void onConnection(HttpConnection connection) {
    String ip = connection.remoteAddress().hostAddress();
    if (!counter.tryOpen(ip)) {
      connection.close();
      return;
    }
    long deadline =
        vertx.setTimer(
            headerTimeoutMillis,
            id -> {
              if (awaitingHeaders.remove(connection) != null) {
                connection.close();
              }
            });
    awaitingHeaders.put(connection, deadline);
    connection.closeHandler(
        v -> {
          counter.closed(ip);
          Long timer = awaitingHeaders.remove(connection);
          if (timer != null) {
            vertx.cancelTimer(timer);
          }
        });
  }

  /** Wraps the request handler: a request whose headers arrived meets the deadline. */
  public Handler<HttpServerRequest> requests(Handler<HttpServerRequest> next) {
    return request -> {
      Long timer = awaitingHeaders.remove(request.connection());
      if (timer != null) {
        vertx.cancelTimer(timer);
      }
      next.handle(request);
    };
  }
}
