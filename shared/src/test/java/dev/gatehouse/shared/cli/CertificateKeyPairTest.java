package dev.gatehouse.shared.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.shared.config.ConfigException;
import io.vertx.core.net.SelfSignedCertificate;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CertificateKeyPairTest {

  private static final SelfSignedCertificate LOCALHOST = SelfSignedCertificate.create("localhost");
  private static final SelfSignedCertificate OTHER = SelfSignedCertificate.create("other.example");

  @Test
  void certificateWithItsOwnKeyPassesAndIsNamed() {
    String found =
        CertificateKeyPair.check(
            "edge.yaml",
            "tls.cert",
            Path.of(LOCALHOST.certificatePath()),
            "tls.key",
            Path.of(LOCALHOST.privateKeyPath()));

    assertThat(found).startsWith("CN=localhost, valid until ");
  }

  @Test
  void keyOfAnotherCertificateIsRejectedNamingTheKeyFile() {
    assertThatThrownBy(
            () ->
                CertificateKeyPair.check(
                    "edge.yaml",
                    "tls.cert",
                    Path.of(LOCALHOST.certificatePath()),
                    "tls.key",
                    Path.of(OTHER.privateKeyPath())))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "edge.yaml: tls.key: "
                + OTHER.privateKeyPath()
                + " is not the private key of the certificate in "
                + LOCALHOST.certificatePath());
  }

  @Test
  void fileThatIsNoPemKeyIsRejected(@TempDir Path dir) throws Exception {
    Path notAKey = Files.writeString(dir.resolve("key.pem"), "not a key\n");

    assertThatThrownBy(
            () ->
                CertificateKeyPair.check(
                    "edge.yaml",
                    "tls.cert",
                    Path.of(LOCALHOST.certificatePath()),
                    "tls.key",
                    notAKey))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("edge.yaml: tls.cert, tls.key: cannot load ");
  }
}
