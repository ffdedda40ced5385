package dev.gatehouse.edge.acme;

import dev.gatehouse.shared.doctor.Findings;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * {@code doctor}'s view of {@code tls.acme}, from the state folder the edge keeps: the account, the
 * certificate, the renewal (and its last failure), and whether port 80 of each domain reaches this
 * edge, which HTTP-01 needs. The last is asked of the edge itself: its port-80 listener answers
 * {@link ChallengeTokens#PROBE} with the account key's thumbprint, which no other server knows.
 */
public final class AcmeCheck {

  static final Duration PROBE_TIMEOUT = Duration.ofSeconds(5);
  static final int HTTP_PORT = 80;

  private AcmeCheck() {}

  /**
   * @param probeTarget where to send the port-80 probe instead of each domain's own address and
   *     port 80 (e.g. from inside a NAT)
   */
  public static void run(
      AcmeConfig config, Optional<InetSocketAddress> probeTarget, Instant now, Findings findings) {
    AcmeFiles files = new AcmeFiles(config);
    Optional<AcmeStatus> status;
    Optional<KeyPair> accountKey;
    try {
      status = files.readStatus();
      accountKey = files.storedAccountKey();
    } catch (IOException | RuntimeException e) {
      findings.fail("acme", "cannot read the state in " + config.stateDir() + ": " + e);
      return;
    }
    account(config, accountKey, status, findings);
    certificate(config, files, now, findings);
    renewal(status, findings);
    accountKey.ifPresent(
        key -> {
          for (String domain : config.domains()) {
            probe(domain, AcmeIssuer.thumbprint(key), probeTarget, findings);
          }
        });
  }

  private static void account(
      AcmeConfig config, Optional<KeyPair> key, Optional<AcmeStatus> status, Findings findings) {
    if (key.isEmpty()) {
      findings.warn(
          "acme account",
          config.accountKeyFile() + " does not exist yet; the edge makes it on its first start");
      return;
    }
    String mode;
    try {
      mode = PosixFilePermissions.toString(Files.getPosixFilePermissions(config.accountKeyFile()));
    } catch (IOException e) {
      mode = "unknown";
    }
    if (!mode.equals("rw-------")) {
      findings.fail(
          "acme account",
          config.accountKeyFile() + " has mode " + mode + "; chmod 600 it, it is a private key");
    } else if (status.flatMap(AcmeStatus::account).isEmpty()) {
      findings.warn("acme account", "not registered yet; see the edge's log");
    } else {
      findings.ok(
          "acme account", status.get().account().get() + " (key " + config.accountKeyFile() + ")");
    }
  }

  private static void certificate(
      AcmeConfig config, AcmeFiles files, Instant now, Findings findings) {
    Optional<StoredCertificate> stored = files.stored().filter(c -> !c.selfSigned());
    if (stored.isEmpty()) {
      findings.fail(
          "acme cert",
          "none issued yet: browsers see the edge's temporary self-signed certificate");
      return;
    }
    StoredCertificate cert = stored.get();
    if (cert.notAfter().isBefore(now)) {
      findings.fail("acme cert", "serial " + cert.serial() + " EXPIRED on " + cert.notAfter());
    } else if (!cert.covers(config.domains())) {
      findings.warn(
          "acme cert",
          "serial " + cert.serial() + " does not cover all of " + config.domains() + " yet");
    } else {
      findings.ok(
          "acme cert",
          "serial "
              + cert.serial()
              + " for "
              + config.domains()
              + ", issued "
              + cert.notBefore()
              + ", valid for "
              + Duration.between(now, cert.notAfter()).toDays()
              + " more days");
    }
  }

  private static void renewal(Optional<AcmeStatus> status, Findings findings) {
    if (status.isEmpty()) {
      findings.warn("acme renewal", "no status yet; is the edge running?");
      return;
    }
    String next = status.get().nextRenewal().map(Instant::toString).orElse("not scheduled");
    if (status.get().lastError().isPresent()) {
      findings.fail(
          "acme renewal",
          "the last attempt, at "
              + status.get().lastErrorAt().map(Instant::toString).orElse("?")
              + ", failed: "
              + status.get().lastError().get()
              + "; next attempt at "
              + next);
    } else {
      findings.ok("acme renewal", "next renewal at " + next);
    }
  }

  private static void probe(
      String domain,
      String thumbprint,
      Optional<InetSocketAddress> probeTarget,
      Findings findings) {
    String url = "http://" + domain + AcmeRedirectVerticle.CHALLENGE_PATH + ChallengeTokens.PROBE;
    try {
      InetSocketAddress target =
          probeTarget.isPresent()
              ? probeTarget.get()
              : new InetSocketAddress(InetAddress.getByName(domain), HTTP_PORT);
      String answer = get(target, domain);
      if (answer.equals(thumbprint)) {
        findings.ok("port 80", domain + " reaches this edge (" + target + ")");
      } else {
        findings.fail(
            "port 80",
            url
                + " is answered by another server or edge ("
                + target
                + "); HTTP-01 validation will fail");
      }
    } catch (IOException e) {
      findings.fail("port 80", "cannot reach " + url + ": " + e + "; HTTP-01 validation will fail");
    }
  }

  /** The body of a plain HTTP/1.1 GET of the probe, or "" unless the status is 200. */
  private static String get(InetSocketAddress target, String domain) throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(target, (int) PROBE_TIMEOUT.toMillis());
      socket.setSoTimeout((int) PROBE_TIMEOUT.toMillis());
      OutputStream out = socket.getOutputStream();
      out.write(
          ("GET "
                  + AcmeRedirectVerticle.CHALLENGE_PATH
                  + ChallengeTokens.PROBE
                  + " HTTP/1.1\r\nHost: "
                  + domain
                  + "\r\nConnection: close\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      // The answer is a thumbprint: a few hundred bytes are plenty, and more is not ours.
      String response = new String(in.readNBytes(4096), StandardCharsets.US_ASCII);
      int body = response.indexOf("\r\n\r\n");
      if (!response.startsWith("HTTP/1.1 200") || body < 0) {
        return "";
      }
      return response.substring(body + 4).strip();
    }
  }
}
