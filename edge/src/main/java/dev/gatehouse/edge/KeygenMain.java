package dev.gatehouse.edge;

import dev.gatehouse.edge.apikey.ApiKeys;
import dev.gatehouse.edge.trust.EdgeKeys;
import dev.gatehouse.shared.cli.BuildVersion;
import dev.gatehouse.shared.cli.PrivateFiles;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
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
    subcommands = {KeygenMain.ApiKey.class, KeygenMain.EdgeKeyPair.class, AdminKeygen.class})
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

  /**
   * The key pair of the edge assertion: the private key stays on the edge, the public on agents.
   */
  @Command(
      name = "edge-keys",
      mixinStandardHelpOptions = true,
      versionProvider = BuildVersion.class,
      description = "Writes the edge's signing key pair and prints the config lines for both ends.")
  static final class EdgeKeyPair implements Callable<Integer> {

    static final String PRIVATE_FILE = "edge-signing-key.pem";
    static final String PUBLIC_FILE = "edge-public-key.pem";

    @Option(
        names = "--out",
        defaultValue = ".",
        description = "Folder to write the two files to (default: current).")
    Path out;

    @Option(names = "--force", description = "Replace existing files.")
    boolean force;

    @Spec CommandSpec spec;

    @Override
    public Integer call() throws IOException {
      Path privateFile = out.resolve(PRIVATE_FILE).toAbsolutePath();
      Path publicFile = out.resolve(PUBLIC_FILE).toAbsolutePath();
      for (Path file : List.of(privateFile, publicFile)) {
        if (Files.exists(file) && !force) {
          spec.commandLine()
              .getErr()
              .println("gatehouse keygen: " + file + " exists (use --force to replace it)");
          return 1;
        }
      }
      EdgeKeys keys = EdgeKeys.generate();
      PrivateFiles.write(privateFile, keys.privatePem());
      Files.writeString(publicFile, keys.publicPem());
      PrintWriter print = spec.commandLine().getOut();
      print.println("Wrote " + privateFile + " (mode 0600: keep it on the edge only)");
      print.println("  and " + publicFile + " (copy it to every agent)");
      print.println("edge.yaml:");
      print.println("  agent_assertion: {signing_key: " + privateFile + "}");
      print.println("agent.yaml:");
      print.println(
          "  trust: {edge_public_key: " + publicFile + ", allowed_sources: [10.8.0.1/32]}");
      print.flush();
      return 0;
    }
  }
}
