package dev.gatehouse.edge.proxy;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
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

  private volatile boolean stopped;

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

  /**
   * Called from any thread, so a round may already be under way: its checks then fail on the closed
   * client, and their results are dropped rather than recorded.
   */
  public void stop() {
    stopped = true;
    vertx.cancelTimer(timer);
    client.close();
  }

  private void checkAll() {
    if (stopped) {
      return;
    }
    for (Target target : pool.targets()) {
      if (!checking.add(target)) {
        continue;
      }
      check(target)
          .onComplete(
              result -> {
                checking.remove(target);
                if (stopped) {
                  return;
                }
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
    RequestOptions options =
        new RequestOptions()
            .setMethod(HttpMethod.GET)
            .setServer(target.address())
            .setURI(config.path())
            .setTimeout(config.timeout().toMillis());
    // A closed client throws instead of failing the future: keep that inside the future.
    return Future.<HttpClientRequest>future(promise -> client.request(options).onComplete(promise))
        .compose(request -> request.send())
        .compose(response -> response.body().map(body -> response.statusCode()));
  }
}
