package dev.gatehouse.shared.doctor;

import java.io.PrintWriter;

/**
 * What {@code gatehouse doctor} found, one line per check as it is made:
 *
 * <pre>
 *   [ ok ] certificate  /etc/letsencrypt/live/api.example.com/fullchain.pem: valid for 61 more days
 *   [FAIL] tunnel       wg0: no handshake with peer Ab3… for 412 s; is the other end up?
 * </pre>
 */
public final class Findings {

  private final PrintWriter out;
  private int failures;

  public Findings(PrintWriter out) {
    this.out = out;
  }

  public void ok(String check, String detail) {
    line("[ ok ]", check, detail);
  }

  public void warn(String check, String detail) {
    line("[warn]", check, detail);
  }

  public void fail(String check, String detail) {
    failures++;
    line("[FAIL]", check, detail);
  }

  /** The process exit code: 0 when nothing failed. */
  public int exitCode() {
    return failures == 0 ? 0 : 1;
  }

  private void line(String mark, String check, String detail) {
    out.printf("%s %-12s %s%n", mark, check, detail);
    out.flush();
  }
}
