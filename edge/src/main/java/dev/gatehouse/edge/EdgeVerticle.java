package dev.gatehouse.edge;

import dev.gatehouse.edge.config.EdgeConfig;
import dev.gatehouse.edge.framing.Http1Framing;
import dev.gatehouse.edge.limits.ConnectionGuard;
import dev.gatehouse.edge.limits.LimitsConfig;
import dev.gatehouse.edge.proxy.Upstream;
import dev.gatehouse.edge.routing.EdgeRouter;
import dev.gatehouse.edge.routing.ProcessState;
import dev.gatehouse.edge.tls.CertificateReloader;
import dev.gatehouse.edge.tls.HandshakeFailures;
import dev.gatehouse.edge.tls.TlsOptions;
import dev.gatehouse.shared.cli.BindFailure;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServerOptions;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The public HTTPS listener. One instance per core; they share the port. */
final class EdgeVerticle extends VerticleBase {

  private final EdgeConfig config;
  private final ProcessState state;

  EdgeVerticle(EdgeConfig config, ProcessState state) {
    this.config = config;
    this.state = state;
  }

  @Override
  public Future<?> start() {
    Map<String, Upstream> upstreams = new HashMap<>();
    state.pools().forEach((name, pool) -> upstreams.put(name, new Upstream(vertx, pool)));
    LimitsConfig limits = config.limits();
    HttpServerOptions options =
        TlsOptions.apply(
            new HttpServerOptions()
                .setHost(config.host())
                .setPort(config.httpsPort())
                .setMaxHeaderSize(limits.maxHeaderSize())
                .setIdleTimeout((int) limits.idleTimeout().toSeconds())
                .setSslHandshakeTimeout(limits.headerTimeout().toMillis())
                .setSslHandshakeTimeoutUnit(TimeUnit.MILLISECONDS),
            config.tls());
    ConnectionGuard guard = new ConnectionGuard(vertx, state.connections(), limits);
    Http1Framing framing = new Http1Framing(options, limits.maxHeaders());
    return vertx
        .createHttpServer(options)
        .connectionHandler(
            connection -> {
              framing.install(connection);
              guard.onConnection(connection);
            })
        .exceptionHandler(
            failure ->
                HandshakeFailures.reason(failure).ifPresent(state.metrics()::handshakeFailed))
        .requestHandler(guard.requests(EdgeRouter.create(vertx, config, upstreams, state)))
        .listen()
        .recover(BindFailure.naming("the HTTPS listener", config.host(), config.httpsPort()))
        .onSuccess(
            server ->
                new CertificateReloader(vertx, config.tls(), options.getSslOptions())
                    .watch(server));
  }
}
