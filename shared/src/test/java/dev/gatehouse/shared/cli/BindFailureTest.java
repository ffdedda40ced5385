package dev.gatehouse.shared.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.net.BindException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class BindFailureTest {

  @Test
  void portInUseNamesTheListenerAddressAndPort(Vertx vertx, VertxTestContext test) {
    listen(vertx, 0)
        .onComplete(
            test.succeeding(
                first ->
                    listen(vertx, first.actualPort())
                        .recover(
                            BindFailure.naming(
                                "the test listener", "127.0.0.1", first.actualPort()))
                        .onComplete(
                            test.failing(
                                failure ->
                                    test.verify(
                                        () -> {
                                          assertThat(failure).isInstanceOf(BindException.class);
                                          assertThat(failure.getMessage())
                                              .startsWith(
                                                  "the test listener cannot listen on 127.0.0.1:"
                                                      + first.actualPort()
                                                      + ": ");
                                          test.completeNow();
                                        })))));
  }

  private static Future<HttpServer> listen(Vertx vertx, int port) {
    return vertx
        .createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(port))
        .requestHandler(request -> request.response().end())
        .listen();
  }
}
