package dev.gatehouse.shared.wireguard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.NamedParameterSpec;
import java.security.spec.XECPrivateKeySpec;
import java.security.spec.XECPublicKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.KeyAgreement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code gatehouse wg init}: the files WireGuard gets, checked by WireGuard's own tools where
 * present.
 */
class WgInitTest {

  @TempDir Path dir;

  @Test
  void writesAnEdgeAndOneConfigPerAgentWithMatchingKeys() throws Exception {
    String printed =
        run("--endpoint", "vps.example.com:51820", "--agents", "2", "--out", dir.toString());

    String edge = Files.readString(dir.resolve("edge/wg0.conf"));
    String agent1 = Files.readString(dir.resolve("agent-1/wg0.conf"));
    String agent2 = Files.readString(dir.resolve("agent-2/wg0.conf"));
    assertThat(edge)
        .contains("Address = 10.8.0.1/24", "ListenPort = 51820", "MTU = 1420")
        .contains("AllowedIPs = 10.8.0.2/32", "AllowedIPs = 10.8.0.3/32")
        .doesNotContain("Endpoint =");
    assertThat(agent1)
        .contains(
            "Address = 10.8.0.2/24",
            "Endpoint = vps.example.com:51820",
            "AllowedIPs = 10.8.0.1/32",
            "PersistentKeepalive = 25")
        .doesNotContain("ListenPort =");
    assertThat(agent2).contains("Address = 10.8.0.3/24");
    assertThat(publicKeyOf(value(edge, "PrivateKey"))).isEqualTo(value(agent1, "PublicKey"));
    assertThat(publicKeyOf(value(agent2, "PrivateKey")))
        .isEqualTo(values(edge, "PublicKey").get(1));
    for (Path file : List.of(dir.resolve("edge/wg0.conf"), dir.resolve("agent-1/wg0.conf"))) {
      assertThat(Files.getPosixFilePermissions(file))
          .containsExactlyInAnyOrder(
              PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    }
    assertThat(printed)
        .contains("targets: [\"10.8.0.2:1010\", \"10.8.0.3:1010\"]")
        .contains("allowed_sources: [10.8.0.1/32]")
        .doesNotContain(value(edge, "PrivateKey"));
  }

  @Test
  void privateKeysArePrintedOnlyWhenAsked() throws Exception {
    String printed = run("--endpoint", "192.0.2.1:51820", "--out", dir.toString(), "--show-keys");

    assertThat(printed)
        .contains(value(Files.readString(dir.resolve("edge/wg0.conf")), "PrivateKey"));
  }

  @Test
  void wgQuickStripAndWgPubkeyAcceptTheFiles() throws Exception {
    assumeTrue(installed("wg-quick"), "wireguard-tools not installed");
    run("--endpoint", "192.0.2.1:51820", "--out", dir.toString());
    String edge = Files.readString(dir.resolve("edge/wg0.conf"));

    String stripped = shell("wg-quick strip " + dir.resolve("agent-1/wg0.conf"));
    String derived = shell("echo " + value(edge, "PrivateKey") + " | wg pubkey");

    assertThat(stripped)
        .contains("[Interface]", "PrivateKey", "[Peer]", "PersistentKeepalive = 25")
        .doesNotContain("Address", "MTU");
    assertThat(derived.strip())
        .isEqualTo(value(Files.readString(dir.resolve("agent-1/wg0.conf")), "PublicKey"));
  }

  @Test
  void existingConfigsAreNotReplaced() throws Exception {
    run("--endpoint", "192.0.2.1:51820", "--out", dir.toString());
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(new WgInitMain()).setErr(new PrintWriter(err));

    assertThat(cli.execute("--endpoint", "192.0.2.1:51820", "--out", dir.toString())).isEqualTo(2);
    assertThat(err.toString()).contains("already holds a config");
  }

  @Test
  void badSubnetIsNamed() {
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(new WgInitMain()).setErr(new PrintWriter(err));

    assertThat(cli.execute("--endpoint", "a:1", "--subnet", "10.8.0.0/31", "--out", dir.toString()))
        .isEqualTo(2);
    assertThat(err.toString()).contains("--subnet: '10.8.0.0/31' must be an IPv4 network");
  }

  private static String run(String... args) {
    StringWriter out = new StringWriter();
    CommandLine cli = new CommandLine(new WgInitMain()).setOut(new PrintWriter(out));
    assertThat(cli.execute(args)).isZero();
    return out.toString();
  }

  /** X25519(private, 9): what {@code wg pubkey} computes, done with the JDK to check ours. */
  private static String publicKeyOf(String privateKey) throws Exception {
    KeyFactory factory = KeyFactory.getInstance("XDH");
    PrivateKey key =
        factory.generatePrivate(
            new XECPrivateKeySpec(
                NamedParameterSpec.X25519, Base64.getDecoder().decode(privateKey)));
    PublicKey basePoint =
        factory.generatePublic(
            new XECPublicKeySpec(NamedParameterSpec.X25519, BigInteger.valueOf(9)));
    KeyAgreement agreement = KeyAgreement.getInstance("XDH");
    agreement.init(key);
    agreement.doPhase(basePoint, true);
    return Base64.getEncoder().encodeToString(agreement.generateSecret());
  }

  private static String value(String config, String key) {
    return values(config, key).get(0);
  }

  private static List<String> values(String config, String key) {
    Matcher m = Pattern.compile("(?m)^" + key + " = (\\S+)$").matcher(config);
    return m.results().map(r -> r.group(1)).toList();
  }

  private static boolean installed(String command) throws Exception {
    return new ProcessBuilder("sh", "-c", "command -v " + command).start().waitFor() == 0;
  }

  private static String shell(String command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder("sh", "-c", command).redirectErrorStream(true).start();
    assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.exitValue()).as(output).isZero();
    return output;
  }
}
