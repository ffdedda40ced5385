package dev.gatehouse.edge.testing;

import static org.assertj.core.api.Assertions.fail;

import io.vertx.core.net.SelfSignedCertificate;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.logging.Level;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * Debian's Chromium, headless, driven through Debian's chromedriver: a real browser with its own
 * CORS checks, for the website kit. It trusts the test edge's certificate by its key alone, and
 * keeps its console for the test to read.
 */
public final class HeadlessChromium {

  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

  private HeadlessChromium() {}

  /**
   * A new browser with an empty profile in {@code profile}. Without the two packages the test is
   * skipped on a workstation and fails in CI, where {@code .ci/run} installs them.
   */
  public static ChromeDriver start(Path profile, SelfSignedCertificate trusted) throws Exception {
    if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
      String why =
          "needs Debian's chromium and chromium-driver: apt-get install chromium chromium-driver";
      if (System.getenv("CI") != null) {
        fail(why);
      }
      Assumptions.abort(why);
    }
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments(
        "--headless=new",
        "--no-sandbox", // CI runs as root, where Chromium's sandbox cannot start
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-quic",
        "--no-first-run",
        // No calls home: this machine's network is closed, and a test talks only to loopback.
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--window-size=900,1300",
        "--user-data-dir=" + profile,
        "--ignore-certificate-errors-spki-list=" + spkiHash(trusted));
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.BROWSER, Level.ALL);
    options.setCapability("goog:loggingPrefs", logs);
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(CHROMEDRIVER.toFile())
            .usingAnyFreePort()
            .withEnvironment(Map.of())
            .build();
    ChromeDriver driver = new ChromeDriver(service, options);
    driver
        .manage()
        .timeouts()
        .pageLoadTimeout(Duration.ofSeconds(20))
        .scriptTimeout(Duration.ofSeconds(20));
    return driver;
  }

  /** Chromium's pin format: base64 of the SHA-256 of the certificate's SubjectPublicKeyInfo. */
  private static String spkiHash(SelfSignedCertificate certificate) throws Exception {
    try (InputStream in = Files.newInputStream(Path.of(certificate.certificatePath()))) {
      X509Certificate x509 =
          (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(x509.getPublicKey().getEncoded());
      return Base64.getEncoder().encodeToString(digest);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + certificate.certificatePath(), e);
    }
  }
}
