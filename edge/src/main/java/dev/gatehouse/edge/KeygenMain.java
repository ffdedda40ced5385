package dev.gatehouse.edge;

import dev.gatehouse.edge.policy.ApiKeys;
import java.io.PrintWriter;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

/** {@code gatehouse keygen ...}: makes secrets and prints the config lines that go with them. */
@Command(
    name = "gatehouse keygen",
    mixinStandardHelpOptions = true,
    description = "Makes keys.",
    subcommands = KeygenMain.ApiKey.class)
public final class KeygenMain implements Runnable {

  @Spec CommandSpec spec;

  public static void main(String[] args) {
    System.exit(new CommandLine(new KeygenMain()).execute(args));
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** A new API key: 256 random bits, URL-safe base64, with its {@code api_keys} line. */
  @Command(name = "api-key", mixinStandardHelpOptions = true, description = "Prints a new API key and its config line.")
  static final class ApiKey implements Callable<Integer> {

    static final int KEY_BYTES = 32;

    @Parameters(index = "0", paramLabel = "NAME", description = "The key's name, shown in the access log.")
    String name;

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      byte[] random = new byte[KEY_BYTES];
      new SecureRandom().nextBytes(random);
      String key = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
      String hash = HexFormat.of().formatHex(ApiKeys.sha256(key));
      PrintWriter out = spec.commandLine().getOut();
      out.println("API key (give it to the website; it is not stored anywhere else):");
      out.println("  " + key);
      out.println("Config line for api_keys in edge.yaml (the edge keeps only the hash):");
      out.println("  - {name: " + name + ", sha256: " + hash + "}");
      out.flush();
      return 0;
    }
  }
}
