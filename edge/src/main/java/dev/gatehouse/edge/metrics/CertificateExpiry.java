package dev.gatehouse.edge.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code gatehouse_edge_certificate_expiry_seconds}: time left on the certificate file the edge
 * serves, read again at the reload interval so a renewal shows. The file is read asynchronously;
 * the scrape only reads the last value. Until a first read succeeds (or when the file is missing)
 * the gauge is absent rather than a guess, NaN in Prometheus terms.
 */
public final class CertificateExpiry {

  private final Vertx vertx;
  private final Path file;
  private final AtomicLong notAfterMillis = new AtomicLong(-1);

  public CertificateExpiry(Vertx vertx, Path file) {
    this.vertx = vertx;
    this.file = file;
  }

  public void start(MeterRegistry registry, Duration interval) {
    Gauge.builder(EdgeMetricNames.CERTIFICATE_EXPIRY, this, CertificateExpiry::secondsLeft)
        .baseUnit("seconds")
        .register(registry);
    read();
    vertx.setPeriodic(interval.toMillis(), id -> read());
  }

  private double secondsLeft() {
    long notAfter = notAfterMillis.get();
    return notAfter < 0 ? Double.NaN : (notAfter - System.currentTimeMillis()) / 1000.0;
  }

  private void read() {
    vertx.fileSystem().readFile(file.toString()).onSuccess(this::parse);
  }

  private void parse(Buffer pem) {
    try {
      X509Certificate cert =
          (X509Certificate)
              CertificateFactory.getInstance("X.509")
                  .generateCertificate(new ByteArrayInputStream(pem.getBytes()));
      notAfterMillis.set(cert.getNotAfter().getTime());
    } catch (CertificateException e) {
      // Left as it was: the reloader reports unreadable files, and keeps serving the old one.
    }
  }
}
