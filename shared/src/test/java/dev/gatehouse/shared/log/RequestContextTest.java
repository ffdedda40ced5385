package dev.gatehouse.shared.log;

import static dev.gatehouse.shared.testing.Await.result;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.shared.testing.LogLines;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Lines logged while serving a request carry its id, and only its own, across async steps. */
@ExtendWith(VertxExtension.class)
class RequestContextTest {

  private static final Logger log = LoggerFactory.getLogger(RequestContextTest.class);
  private static final String ADDRESS = "test.request";

  private final LogLines lines = LogLines.capture(Logger.ROOT_LOGGER_NAME);

  @AfterEach
  void stop() {
    lines.close();
  }

  @Test
  void interleavedRequestsOnOneEventLoopKeepTheirOwnIdsThroughTimersAndWorkers(Vertx vertx) {
    Backend backend = new Backend(this::timerThenWorker);
    result(vertx.deployVerticle(backend));

    Future<Message<Object>> first = vertx.eventBus().request(ADDRESS, "first");
    Future<Message<Object>> second = vertx.eventBus().request(ADDRESS, "second");
    result(Future.all(first, second));

    for (String request : List.of("first", "second")) {
      assertThat(idOf("received " + request)).isEqualTo(request);
      assertThat(idOf("on a worker for " + request)).isEqualTo(request);
      assertThat(idOf("done " + request)).isEqualTo(request);
    }
    result(backend.logOutsideAnyRequest());
    assertThat(idOf("outside any request")).isNull();
  }

  @Test
  void aFutureSharedBetweenRequestsCallsEachBackUnderItsOwnId(Vertx vertx) {
    Promise<Void> shared = Promise.promise();
    result(vertx.deployVerticle(new Backend(request -> sharedRead(vertx, request, shared))));

    Future<Message<Object>> first = vertx.eventBus().request(ADDRESS, "first");
    Future<Message<Object>> second = vertx.eventBus().request(ADDRESS, "second");
    result(Future.all(first, second));

    assertThat(idOf("done first")).isEqualTo("first");
    assertThat(idOf("done second")).isEqualTo("second");
  }

  /** Each request waits on a timer, then on a worker thread, interleaved with the other. */
  private Future<String> timerThenWorker(String request) {
    Vertx vertx = Vertx.currentContext().owner();
    return vertx
        .timer(50)
        .compose(
            fired ->
                vertx.executeBlocking(
                    () -> {
                      log.info("on a worker for {}", request);
                      return request;
                    }));
  }

  /**
   * The first request starts a read on its own context that the second shares, as a cache's read in
   * flight or a pooled connection is shared.
   */
  private static Future<String> sharedRead(Vertx vertx, String request, Promise<Void> shared) {
    Future<Void> read = shared.future();
    if ("first".equals(request)) {
      read = vertx.timer(100).<Void>mapEmpty().onComplete(shared);
    }
    return RequestContext.resumeHere(read).map(done -> request);
  }

  /** The request id of the one line this test logged with {@code message}, or null. */
  private String idOf(String message) {
    List<JsonObject> found =
        lines.all().stream()
            .filter(line -> RequestContextTest.class.getName().equals(line.getString("logger")))
            .filter(line -> message.equals(line.getString("message")))
            .toList();
    assertThat(found).as(message).hasSize(1);
    return found.get(0).getString(JsonLineEncoder.REQUEST_ID);
  }

  /** A backend verticle: each message's body is its request id. */
  private static final class Backend extends VerticleBase {

    private final Function<String, Future<String>> work;

    Backend(Function<String, Future<String>> work) {
      this.work = work;
    }

    @Override
    public Future<?> start() {
      return vertx.eventBus().<String>consumer(ADDRESS, this::serve).completion();
    }

    /** A line on the event loop that served the requests, for none of them. */
    Future<Void> logOutsideAnyRequest() {
      Promise<Void> logged = Promise.promise();
      context.runOnContext(
          v -> {
            log.info("outside any request");
            logged.complete();
          });
      return logged.future();
    }

    private void serve(Message<String> message) {
      String request = message.body();
      RequestContext.enter(request);
      log.info("received {}", request);
      work.apply(request)
          .onSuccess(
              done -> {
                log.info("done {}", done);
                message.reply(done);
              });
    }
  }
}
