package dev.gatehouse.shared.error;

import static dev.gatehouse.shared.testing.Await.result;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Every answer the router decides on itself has the JSON error shape, not Vert.x's plain text. */
@ExtendWith(VertxExtension.class)
class JsonFailureHandlerTest {

  private HttpClient client;
  private int port;

  @BeforeEach
  void start(Vertx vertx) {
    Router router = Router.router(vertx);
    // A path parameter makes the router decode the query itself, before any handler runs.
    router.get("/items/:id").handler(ctx -> ctx.end("item " + ctx.pathParam("id")));
    router.get("/broken").handler(ctx -> ctx.fail(new IllegalStateException("boom")));
    JsonFailureHandler.installOn(router);
    HttpServer server =
        result(vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1"));
    port = server.actualPort();
    client = vertx.createHttpClient();
  }

  @Test
  void aQueryTheRouterCannotDecodeIs400BadRequest() {
    assertError(HttpMethod.GET, "/items/1?limit=%zz", 400, "bad_request");
  }

  @Test
  void noRouteIs404() {
    assertError(HttpMethod.GET, "/nowhere", 404, "not_found");
  }

  @Test
  void anotherMethodIs405() {
    assertError(HttpMethod.DELETE, "/items/1", 405, "method_not_allowed");
  }

  @Test
  void anUnexpectedFailureIs500WithoutItsMessage() {
    JsonObject body = assertError(HttpMethod.GET, "/broken", 500, "internal_error");

    assertThat(body.encode()).doesNotContain("boom");
  }

  private JsonObject assertError(HttpMethod method, String uri, int status, String code) {
    Reply reply =
        result(
            client
                .request(method, port, "127.0.0.1", uri)
                .compose(HttpClientRequest::send)
                .compose(
                    response ->
                        response
                            .body()
                            .map(
                                body ->
                                    new Reply(
                                        response.statusCode(),
                                        response.getHeader("content-type"),
                                        body))));

    assertThat(reply.status()).as(uri).isEqualTo(status);
    assertThat(reply.contentType()).as(uri).isEqualTo("application/json");
    JsonObject json = reply.body().toJsonObject();
    assertThat(json.getBoolean("ok")).as(uri).isFalse();
    assertThat(json.getString("error")).as(uri).isEqualTo(code);
    return json;
  }

  private record Reply(int status, String contentType, Buffer body) {}
}
