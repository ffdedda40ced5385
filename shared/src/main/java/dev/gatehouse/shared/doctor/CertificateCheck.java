package dev.gatehouse.shared.doctor;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;

/**
 * The edge's certificate: readable, and how long it has left; under two weeks is worth a warning.
 */
public final class CertificateCheck {

  static final Duration WARN_BEFORE = Duration.ofDays(14);

  private CertificateCheck() {}

  public static void run(Path certificate, Instant now, Findings findings) {
    X509Certificate cert;
    try (InputStream in = Files.newInputStream(certificate)) {
      cert = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
    } catch (IOException | CertificateException e) {
      findings.fail(
          "certificate", certificate + ": cannot be read as a PEM certificate: " + e.getMessage());
      return;
    }
    Instant notAfter = cert.getNotAfter().toInstant();
    long days = Duration.between(now, notAfter).toDays();
    String subject = cert.getSubjectX500Principal().getName();
    if (notAfter.isBefore(now)) {
      findings.fail(
          "certificate",
          certificate
              + " ("
              + subject
              + ") EXPIRED "
              + Duration.between(notAfter, now).toDays()
              + " days ago, on "
              + notAfter
              + "; renew it: certbot renew");
    } else if (Duration.between(now, notAfter).compareTo(WARN_BEFORE) < 0) {
      findings.warn(
          "certificate",
          certificate
              + " ("
              + subject
              + ") expires in "
              + days
              + " days, on "
              + notAfter
              + "; is certbot's renewal running?");
    } else {
      findings.ok(
          "certificate", certificate + " (" + subject + ") valid for " + days + " more days");
    }
  }
}
