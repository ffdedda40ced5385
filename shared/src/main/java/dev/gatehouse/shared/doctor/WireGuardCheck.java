package dev.gatehouse.shared.doctor;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * The WireGuard interface, as {@code wg show IFACE latest-handshakes} reports it: present, and
 * every peer's last handshake recent. WireGuard renews a session every two minutes while there is
 * traffic (and agents send a keepalive every 25 s), so a handshake older than three minutes means
 * the tunnel is down.
 */
public final class WireGuardCheck {

  static final long STALE_AFTER_SECONDS = 180;

  private WireGuardCheck() {}

  public static void run(String iface, Instant now, Findings findings) {
    Result result = wg("show", iface, "latest-handshakes");
    if (result == null) {
      findings.warn(
          "tunnel",
          "the wg command is not installed (apt-get install wireguard-tools); cannot look at "
              + iface);
      return;
    }
    if (result.exitCode != 0) {
      findings.fail(
          "tunnel",
          "no WireGuard interface "
              + iface
              + " ("
              + result.output.strip()
              + "); start it: wg-quick up "
              + iface);
      return;
    }
    String[] lines = result.output.strip().split("\n");
    if (result.output.isBlank()) {
      findings.fail("tunnel", iface + " has no peers; was it configured with gatehouse wg init?");
      return;
    }
    for (String line : lines) {
      String[] fields = line.trim().split("\\s+");
      String peer = fields[0].substring(0, Math.min(8, fields[0].length())) + "…";
      long last = fields.length > 1 ? Long.parseLong(fields[1]) : 0;
      if (last == 0) {
        findings.fail(
            "tunnel",
            iface
                + ": never a handshake with peer "
                + peer
                + "; check the keys, the endpoint and UDP 51820 on the VPS firewall");
      } else if (now.getEpochSecond() - last > STALE_AFTER_SECONDS) {
        findings.fail(
            "tunnel",
            iface
                + ": last handshake with peer "
                + peer
                + " "
                + (now.getEpochSecond() - last)
                + " s ago; is the other end up?");
      } else {
        findings.ok(
            "tunnel",
            iface
                + ": handshake with peer "
                + peer
                + " "
                + (now.getEpochSecond() - last)
                + " s ago");
      }
    }
  }

  private record Result(int exitCode, String output) {}

  private static Result wg(String... args) {
    String[] command = new String[args.length + 1];
    command[0] = "wg";
    System.arraycopy(args, 0, command, 1, args.length);
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        return new Result(1, "wg did not answer within 5 s");
      }
      return new Result(
          process.exitValue(),
          new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Result(1, "interrupted");
    }
  }
}
