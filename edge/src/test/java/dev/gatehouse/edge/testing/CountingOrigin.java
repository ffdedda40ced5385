package dev.gatehouse.edge.testing;

import static dev.gatehouse.shared.testing.Await.result;

import io.vertx.core.Vertx;
import java.util.concurrent.atomic.AtomicInteger;

/** An origin standing in for the agent that counts the requests that reached it. */
public final class CountingOrigin {

  private final AtomicInteger requests = new AtomicInteger();
  private final int port;

  public CountingOrigin(Vertx vertx) {
    this.port =
        result(
                vertx
                    .createHttpServer()
                    .requestHandler(
                        request -> {
                          requests.incrementAndGet();
                          request
                              .body()
                              .onSuccess(
                                  body ->
                                      request
                                          .response()
                                          .putHeader("Server", "origin/1.2.3")
                                          .putHeader("X-Seen-Api-Key", String.valueOf(request.getHeader("X-API-Key")))
                                          .putHeader("X-Seen-Length", String.valueOf(body.length()))
                                          .end("{\"ok\":true}"));
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
