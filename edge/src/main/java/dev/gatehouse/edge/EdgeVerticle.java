package dev.gatehouse.edge;

import dev.gatehouse.edge.accesslog.OutsideRoutes;
import dev.gatehouse.edge.config.EdgeConfig;
import dev.gatehouse.edge.framing.ConnectionFraming;
import dev.gatehouse.edge.framing.Http2Rules;
import dev.gatehouse.edge.limits.ConnectionGuard;
import dev.gatehouse.edge.limits.LimitsConfig;
import dev.gatehouse.edge.proxy.TargetPool;
import dev.gatehouse.edge.proxy.Upstream;
import dev.gatehouse.edge.routing.EdgeRouter;
import dev.gatehouse.edge.routing.Generation;
import dev.gatehouse.edge.tls.CertificateReloader;
import dev.gatehouse.edge.tls.HandshakeFailures;
import dev.gatehouse.edge.tls.TlsOptions;
import dev.gatehouse.shared.cli.BindFailure;
import dev.gatehouse.shared.error.ApiError;
import dev.gatehouse.shared.net.FlushBatching;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.Http2Settings;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.Router;
import java.time.Duration;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The public HTTPS listener. One instance per core; they share the port. Its router follows the
 * current {@link Generation}: the listener itself (address, TLS, connection limits) stays as
 * started.
 */
final class EdgeVerticle extends VerticleBase {

  /** Streams one HTTP/2 connection may have open at once, as nginx's default. */
  static final int MAX_STREAMS_PER_CONNECTION = 128;

  /** How long a removed upstream's connections stay open for the requests still using them. */
  private static final Duration DRAIN_MARGIN = Duration.ofSeconds(5);

  private final Supplier<Generation> live;
  private final boolean reloadsCertificates;
  private final Map<TargetPool, Upstream> upstreams = new IdentityHashMap<>();
  private Http2Rules http2;
  private Duration clientIdle;
  private Generation built;
  private Router router;

  /**
   * {@code reloadsCertificates}: whether this instance watches the certificate files, for the
   * listener all instances share (one does: two updating it at once trip over each other).
   */
  EdgeVerticle(Supplier<Generation> live, boolean reloadsCertificates) {
    this.live = live;
    this.reloadsCertificates = reloadsCertificates;
  }

  @Override
  public Future<?> start() {
    EdgeConfig config = live.get().config();
    LimitsConfig limits = config.limits();
    clientIdle = limits.idleTimeout();
    HttpServerOptions options =
        TlsOptions.apply(
            new HttpServerOptions()
                .setHost(config.host())
                .setPort(config.httpsPort())
                .setMaxHeaderSize(limits.maxHeaderSize())
                .setIdleTimeout((int) limits.idleTimeout().toMillis())
                .setIdleTimeoutUnit(TimeUnit.MILLISECONDS)
                .setSslHandshakeTimeout(limits.headerTimeout().toMillis())
                .setSslHandshakeTimeoutUnit(TimeUnit.MILLISECONDS)
                // The edge answers no WebSocket handshake: no extension handler in every
                // connection's pipeline to look at each request for one.
                .setPerMessageWebSocketCompressionSupported(false)
                .setPerFrameWebSocketCompressionSupported(false)
                // Room above limits.max_header_size, so that Http2Rules answers a request over it
                // with the JSON error (the codec's own refusal, beyond this, has no body).
                .setInitialSettings(
                    new Http2Settings()
                        .setMaxConcurrentStreams(MAX_STREAMS_PER_CONNECTION)
                        .setMaxHeaderListSize(
                            2L * limits.maxHeaderSize() + 32L * limits.maxHeaders())),
            config.tls());
    ConnectionGuard guard = new ConnectionGuard(vertx, live.get().state().connections(), limits);
    OutsideRoutes outside = new OutsideRoutes(() -> live.get().state().metrics());
    ConnectionFraming framing =
        new ConnectionFraming(
            options, limits.maxHeaders(), config.tls().hsts(), outside, Optional.empty());
    http2 =
        new Http2Rules(limits.maxHeaders(), limits.maxHeaderSize(), config.tls().hsts(), outside);
    router();
    return vertx
        .createHttpServer(options)
        .connectionHandler(
            connection -> {
              framing.install(connection);
              FlushBatching.install(connection);
              guard.onConnection(connection);
            })
        .exceptionHandler(
            failure ->
                HandshakeFailures.reason(failure)
                    .ifPresent(live.get().state().metrics()::handshakeFailed))
        .requestHandler(guard.requests(this::route))
        .listen()
        .recover(BindFailure.naming("the HTTPS listener", config.host(), config.httpsPort()))
        .onSuccess(
            server -> {
              if (reloadsCertificates) {
                new CertificateReloader(vertx, config.tls(), options.getSslOptions()).watch(server);
              }
            });
  }

  private void route(HttpServerRequest request) {
    if (request.version() == HttpVersion.HTTP_2) {
      Optional<ApiError> problem = http2.problem(request);
      if (problem.isPresent()) {
        http2.refuse(request, problem.get());
        return;
      }
    }
    router().handle(request);
  }

  /** The router of the current generation, built on this event loop the first time it is asked. */
  private Router router() {
    Generation current = live.get();
    if (current != built) {
      Map<String, Upstream> byName = new HashMap<>();
      Map<TargetPool, Upstream> kept = new IdentityHashMap<>();
      current
          .state()
          .pools()
          .forEach(
              (name, pool) -> {
                Upstream upstream =
                    upstreams.computeIfAbsent(pool, p -> new Upstream(vertx, p, clientIdle));
                byName.put(name, upstream);
                kept.put(pool, upstream);
              });
      upstreams.keySet().removeAll(kept.keySet());
      upstreams.forEach((pool, gone) -> drain(pool, gone));
      upstreams.clear();
      upstreams.putAll(kept);
      router = EdgeRouter.create(vertx, current.config(), byName, current.state());
      built = current;
    }
    return router;
  }

  private void drain(TargetPool pool, Upstream gone) {
    long wait = pool.config().responseTimeout().plus(DRAIN_MARGIN).toMillis();
    vertx.setTimer(wait, id -> gone.close());
  }
}
