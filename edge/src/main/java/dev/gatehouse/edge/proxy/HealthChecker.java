package dev.gatehouse.edge.proxy;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;

/**
 * The active health checks of one upstream: at start and every {@code health_check.interval} after,
 * {@code GET health_check.path} on each agent; a 200 within {@code timeout} passes. One checker per
 * process, whatever the number of event loops.
 */
public final class HealthChecker {

  private final Vertx vertx;
  private final TargetPool pool;
  private final HttpClient client;

  /** Targets whose last check has not finished: a slow agent is not asked twice at once. */
  private final Set<Target> checking = new HashSet<>();

  private long timer = -1;

  public HealthChecker(Vertx vertx, TargetPool pool) {
    this.vertx = vertx;
    this.pool = pool;
    this.client =
        vertx.createHttpClient(
            new HttpClientOptions()
                .setConnectTimeout((int) pool.config().healthCheck().timeout().toMillis())
                .setKeepAlive(true));
  }

  /**
   * The first round runs at once, not one interval later: until then an agent shows as healthy
   * without ever having been asked, and a dead one takes requests.
   */
  public void start() {
    long interval = pool.config().healthCheck().interval().toMillis();
    timer = vertx.setPeriodic(1, interval, tick -> checkAll());
  }

  public void stop() {
    vertx.cancelTimer(timer);
    client.close();
  }

  private void checkAll() {
    for (Target target : pool.targets()) {
      if (!checking.add(target)) {
        continue;
      }
      check(target)
          .onComplete(
              result -> {
                checking.remove(target);
                target.checked(
                    result.succeeded() && result.result() == 200,
                    result.succeeded()
                        ? (result.result() == 200 ? null : "answered " + result.result())
                        : String.valueOf(result.cause().getMessage()),
                    Instant.now());
              });
    }
  }

  private Future<Integer> check(Target target) {
    UpstreamConfig.HealthCheck config = pool.config().healthCheck();
    return client
        .request(
            new RequestOptions()
                .setMethod(HttpMethod.GET)
                .setServer(target.address())
                .setURI(config.path())
                .setTimeout(config.timeout().toMillis()))
        .compose(request -> request.send())
        .compose(response -> response.body().map(body -> response.statusCode()));
  }
}
