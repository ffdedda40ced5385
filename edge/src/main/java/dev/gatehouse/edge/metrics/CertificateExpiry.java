package dev.gatehouse.edge.metrics;

import dev.gatehouse.edge.tls.CertificateReloader;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code gatehouse_edge_certificate_expiry_seconds}: time left on the certificate the edge serves:
 * the file's at start, then each certificate the reload hands the listener ({@link
 * CertificateReloader#SERVED}), never a file the reload refused. The scrape only reads the last
 * value. Until a first read succeeds the gauge is absent rather than a guess, NaN in Prometheus
 * terms.
 */
public final class CertificateExpiry {

  private final Vertx vertx;
  private final Path file;
  private final AtomicLong notAfterMillis = new AtomicLong(-1);

  public CertificateExpiry(Vertx vertx, Path file) {
    this.vertx = vertx;
    this.file = file;
  }

  public void start(MeterRegistry registry) {
    Gauge.builder(EdgeMetricNames.CERTIFICATE_EXPIRY, this, CertificateExpiry::secondsLeft)
        .baseUnit("seconds")
        .register(registry);
    vertx
        .eventBus()
        .<Long>localConsumer(
            CertificateReloader.SERVED, served -> notAfterMillis.set(served.body()));
    read();
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
      // Absent: the listener could not have started with it either.
    }
  }
}
