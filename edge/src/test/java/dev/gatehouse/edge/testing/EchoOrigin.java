package dev.gatehouse.edge.testing;

import static dev.gatehouse.shared.testing.Await.result;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;

/**
 * Stands in for a service behind the edge or agent: answers every request with its body and, in
 * {@code X-Seen-Headers}, the request headers it received (names in lower case) as JSON, and in
 * {@code X-Seen-Uri} the request target.
 */
public final class EchoOrigin {

  private EchoOrigin() {}

  /** Starts one on a free loopback port; its port. */
  public static int start(Vertx vertx) {
    return result(
            vertx
                .createHttpServer()
                .requestHandler(
                    request ->
                        request
                            .body()
                            .onSuccess(
                                body -> {
                                  JsonObject seen = new JsonObject();
                                  request
                                      .headers()
                                      .forEach(
                                          h -> seen.put(h.getKey().toLowerCase(), h.getValue()));
                                  request
                                      .response()
                                      .putHeader("X-Seen-Headers", seen.encode())
                                      .putHeader("X-Seen-Uri", request.uri())
                                      .end(body);
                                }))
                .listen(0, "127.0.0.1"))
        .actualPort();
  }

  /** The headers the origin received for {@code response}'s request. */
  public static JsonObject seen(HttpResponse<?> response) {
    return new JsonObject(response.getHeader("X-Seen-Headers"));
  }

  /** One header the origin received, or null. */
  public static String seen(HttpResponse<?> response, String name) {
    return seen(response).getString(name.toLowerCase());
  }
}
