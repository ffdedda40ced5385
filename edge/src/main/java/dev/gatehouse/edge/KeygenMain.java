package dev.gatehouse.edge;

import dev.gatehouse.edge.apikey.ApiKeys;
import dev.gatehouse.shared.cli.BuildVersion;
import dev.gatehouse.shared.cli.PrivateFiles;
import dev.gatehouse.shared.trust.SharedSecret;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code gatehouse keygen ...}: makes secrets and prints the config lines that go with them. */
@Command(
    name = "gatehouse keygen",
    mixinStandardHelpOptions = true,
    versionProvider = BuildVersion.class,
    description = "Makes keys.",
    subcommands = {KeygenMain.ApiKey.class, KeygenMain.AgentSecret.class, AdminKeygen.class})
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
  @Command(
      name = "api-key",
      mixinStandardHelpOptions = true,
      versionProvider = BuildVersion.class,
      description = "Prints a new API key and its config line.")
  static final class ApiKey implements Callable<Integer> {

    static final int KEY_BYTES = 32;

    @Parameters(
        index = "0",
        paramLabel = "NAME",
        description = "The key's name, shown in the access log.")
    String name;

    @Option(
        names = "--public",
        description =
            "A key for web pages: accepted only from the allowed CORS origins (see the README).")
    boolean isPublic;

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      byte[] random = new byte[KEY_BYTES];
      new SecureRandom().nextBytes(random);
      String key = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
      String hash = HexFormat.of().formatHex(ApiKeys.sha256(key));
      PrintWriter out = spec.commandLine().getOut();
      out.println(
          isPublic
              ? "API key (for the website's pages; anyone can read it there):"
              : "API key (give it to the website's backend; it is not stored anywhere else):");
      out.println("  " + key);
      out.println("Config line for api_keys in edge.yaml (the edge keeps only the hash):");
      out.println(
          "  - {name: " + name + ", sha256: " + hash + (isPublic ? ", public: true" : "") + "}");
      out.flush();
      return 0;
    }
  }

  /** The secret an edge and its agents share for the edge assertion, in a new file. */
  @Command(
      name = "agent-secret",
      mixinStandardHelpOptions = true,
      versionProvider = BuildVersion.class,
      description =
          "Writes a new secret shared by the edge and an agent (mode 0600) and prints the config"
              + " lines for both ends.")
  static final class AgentSecret implements Callable<Integer> {

    @Option(names = "--out", required = true, description = "The file to write; never replaced.")
    Path out;

    @Spec CommandSpec spec;

    @Override
    public Integer call() throws IOException {
      Path file = out.toAbsolutePath();
      try {
        PrivateFiles.create(file, SharedSecret.generate().encoded());
      } catch (FileAlreadyExistsException e) {
        spec.commandLine()
            .getErr()
            .println("gatehouse keygen: " + file + " exists; it is not replaced");
        return 1;
      }
      PrintWriter print = spec.commandLine().getOut();
      print.println("Wrote " + file + " (mode 0600)");
      print.println("  Copy it to the edge and to the agents it is for, as a WireGuard key.");
      print.println(
          "edge.yaml (for every upstream, or one: upstreams.NAME.assertion_secret_file):");
      print.println("  agent_assertion: {secret_file: " + file + "}");
      print.println("agent.yaml:");
      print.println("  trust: {edge_secret_file: " + file + ", allowed_sources: [10.8.0.1/32]}");
      print.flush();
      return 0;
    }
  }
}
