package dev.gatehouse.edge.testing;

import static dev.gatehouse.shared.testing.Await.result;

import io.vertx.core.Vertx;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An origin standing in for the agent that counts the requests that reached it, health checks
 * aside.
 */
public final class CountingOrigin {

  private final AtomicInteger requests = new AtomicInteger();
  private final int port;

  public CountingOrigin(Vertx vertx) {
    this(vertx, 0);
  }

  /** An origin that answers each request but its health checks {@code delayMillis} late. */
  public CountingOrigin(Vertx vertx, long delayMillis) {
    this.port =
        result(
                vertx
                    .createHttpServer()
                    .requestHandler(
                        request -> {
                          if (!request.path().equals("/health")) {
                            requests.incrementAndGet(); // the edge's health checks are not requests
                          }
                          request
                              .body()
                              .onSuccess(
                                  body ->
                                      vertx.setTimer(
                                          request.path().equals("/health")
                                              ? 1
                                              : Math.max(1, delayMillis),
                                          fired ->
                                              request
                                                  .response()
                                                  .putHeader("Server", "origin/1.2.3")
                                                  .putHeader("Content-Type", "application/json")
                                                  .putHeader(
                                                      "X-Seen-Api-Key",
                                                      String.valueOf(
                                                          request.getHeader("X-API-Key")))
                                                  .putHeader(
                                                      "X-Seen-Length",
                                                      String.valueOf(body.length()))
                                                  .end("{\"ok\":true}")));
                        })
                    .listen(0, "127.0.0.1"))
            .actualPort();
  }

  public int port() {
    return port;
  }

  public int requests() {
    return requests.get();
  }
}
