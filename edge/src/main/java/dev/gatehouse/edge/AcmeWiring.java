package dev.gatehouse.edge;

import dev.gatehouse.edge.accesslog.OutsideRoutes;
import dev.gatehouse.edge.acme.AcmeConfig;
import dev.gatehouse.edge.acme.AcmeFiles;
import dev.gatehouse.edge.acme.AcmeRedirectVerticle;
import dev.gatehouse.edge.acme.AcmeStatus;
import dev.gatehouse.edge.acme.AcmeVerticle;
import dev.gatehouse.edge.acme.ChallengeTokens;
import dev.gatehouse.edge.config.EdgeConfig;
import dev.gatehouse.edge.framing.ConnectionFraming;
import dev.gatehouse.edge.redis.SharedState;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;

/**
 * The edge's ACME parts: the challenge tokens, the port-80 listener that answers them and, with
 * {@code tls.acme}, the certificate's renewal.
 */
final class AcmeWiring {

  private final EdgeConfig config;
  private final ChallengeTokens tokens;
  private final Optional<AcmeVerticle> renewal;

  AcmeWiring(EdgeConfig config, Optional<SharedState> redis) {
    this.config = config;
    this.tokens = new ChallengeTokens(redis);
    this.renewal = config.tls().acme().map(a -> new AcmeVerticle(a, tokens, Clock.systemUTC()));
  }

  /** The renewal's status, empty without {@code tls.acme}. */
  Optional<AcmeStatus> status() {
    return renewal.map(AcmeVerticle::status);
  }

  /**
   * The port-80 listener, after making sure a certificate can be served. Blocks: call it off the
   * event loops.
   */
  AcmeRedirectVerticle redirect(OutsideRoutes outside) throws IOException {
    if (config.tls().acme().isPresent()) {
      new AcmeFiles(config.tls().acme().get()).ensureServable();
    }
    return new AcmeRedirectVerticle(
        config.host(),
        config.httpPort(),
        config.publicHttpsPort(),
        config.acmeWebroot(),
        tokens,
        // The strict decoder and guard, without HSTS over HTTP.
        options ->
            new ConnectionFraming(
                    options,
                    config.limits().maxHeaders(),
                    null,
                    outside,
                    Optional.of(OutsideRoutes.PLAIN_HTTP))
                ::install,
        outside.plainHttp());
  }

  /** Deploys the renewal, if any; call it after the port-80 listener, which answers the CA. */
  Future<Void> deployRenewal(Vertx vertx) {
    return renewal.isPresent()
        ? vertx.deployVerticle(renewal.get()).mapEmpty()
        : Future.succeededFuture();
  }

  /** The certificate the HTTPS listeners serve: ACME's when it manages one. */
  Path certificateFile() {
    return config.tls().acme().map(AcmeConfig::certificateFile).orElse(config.tls().cert());
  }
}
