package dev.gatehouse.edge.tls;

import dev.gatehouse.edge.acme.AcmeVerticle;
import dev.gatehouse.shared.cli.CertificateKeyPair;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.FileProps;
import io.vertx.core.http.HttpServer;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.ServerSSLOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.security.cert.X509Certificate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Picks up renewed certificate files (certbot renews in place) without a restart: every reload
 * interval it compares the files' modification times and, when they changed, hands the server the
 * new pair; connections made from then on get the new certificate. A pair that does not load, or
 * whose key is not the certificate's (a renewal half moved into place, a certificate copied without
 * its key), is not handed over: the old certificate stays, an error says why, and the files are
 * tried again next time. The edge's own ACME renewal does not wait for the interval: it announces a
 * new pair and the reload is at once. One reloader serves the listener of every event loop: they
 * share one server, and its TLS options are updated once.
 */
public final class CertificateReloader {

  private static final Logger log = LoggerFactory.getLogger(CertificateReloader.class);

  /** Published (local) with the served certificate's end, epoch milliseconds, once it serves. */
  public static final String SERVED = "gatehouse.tls.served";

  /** The checked contents of the files and the certificate they hold. */
  private record Pair(PemKeyCertOptions pem, X509Certificate certificate) {}

  private final Vertx vertx;
  private final TlsConfig tls;
  private final ServerSSLOptions current;
  private String seen;

  public CertificateReloader(Vertx vertx, TlsConfig tls, ServerSSLOptions current) {
    this.vertx = vertx;
    this.tls = tls;
    this.current = current;
  }

  /** Starts watching for {@code server}; returns at once. */
  public void watch(HttpServer server) {
    stamp().onSuccess(stamp -> seen = stamp);
    vertx.setPeriodic(tls.reloadInterval().toMillis(), id -> check(server, false));
    vertx.eventBus().localConsumer(AcmeVerticle.INSTALLED, message -> check(server, true));
  }

  private void check(HttpServer server, boolean announced) {
    stamp()
        .compose(
            stamp -> {
              if (stamp.equals(seen) && !announced) {
                return Future.succeededFuture();
              }
              return vertx
                  .executeBlocking(this::readPair)
                  .compose(
                      pair ->
                          server
                              .updateSSLOptions(current.copy().setKeyCertOptions(pair.pem()), true)
                              .map(pair.certificate()))
                  .onSuccess(
                      served -> {
                        seen = stamp;
                        vertx.eventBus().publish(SERVED, served.getNotAfter().getTime());
                        log.info("reloaded the TLS certificate from {}", tls.cert());
                      });
            })
        .onFailure(
            e ->
                log.error(
                    "not serving the changed certificate files, the current certificate stays: {}",
                    e instanceof CertificateKeyPair.Unusable ? e.getMessage() : e.toString()));
  }

  /**
   * The files' contents, read once and checked: the pair handed to the server is the one checked,
   * whatever moves into place meanwhile. Blocking.
   */
  private Pair readPair() throws IOException, CertificateKeyPair.Unusable {
    PemKeyCertOptions pem =
        new PemKeyCertOptions()
            .setCertValue(Buffer.buffer(Files.readAllBytes(tls.cert())))
            .setKeyValue(Buffer.buffer(Files.readAllBytes(tls.key())));
    return new Pair(pem, CertificateKeyPair.load(vertx, pem, tls.cert(), tls.key()));
  }

  private Future<String> stamp() {
    Future<FileProps> cert = vertx.fileSystem().props(tls.cert().toString());
    Future<FileProps> key = vertx.fileSystem().props(tls.key().toString());
    return Future.all(cert, key)
        .map(
            v ->
                cert.result().lastModifiedTime()
                    + ":"
                    + cert.result().size()
                    + "/"
                    + key.result().lastModifiedTime()
                    + ":"
                    + key.result().size());
  }
}
