package dev.gatehouse.edge;

import dev.gatehouse.shared.cli.BuildVersion;
import dev.gatehouse.shared.cli.PrivateFiles;
import dev.gatehouse.shared.password.Argon2id;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code gatehouse keygen admin NAME}: a new operator of the admin API, a random password and the
 * {@code admin.operators} line with its Argon2id hash (the edge keeps only the hash).
 */
@Command(
    name = "admin",
    mixinStandardHelpOptions = true,
    versionProvider = BuildVersion.class,
    description = "Prints a new admin API password and its admin.operators config line.")
final class AdminKeygen implements Callable<Integer> {

  static final int PASSWORD_BYTES = 18;

  @Parameters(index = "0", paramLabel = "NAME", description = "The operator's user name.")
  String name;

  @Option(
      names = "--role",
      defaultValue = "viewer",
      description =
          "viewer (reads) or operator (also lifts bans, reloads, restarts); default viewer.")
  String role;

  @Option(
      names = "--password-file",
      description = "Write the password to this file (mode 0600) instead of printing it.")
  Path passwordFile;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    if (!name.matches("[A-Za-z0-9_.-]{1,64}")
        || !(role.equals("viewer") || role.equals("operator"))) {
      spec.commandLine()
          .getErr()
          .println(
              "gatehouse keygen admin: NAME is 1-64 of [A-Za-z0-9_.-], --role viewer|operator");
      return 2;
    }
    byte[] random = new byte[PASSWORD_BYTES];
    new SecureRandom().nextBytes(random);
    String password = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    String hash = Argon2id.hash(password);
    PrintWriter out = spec.commandLine().getOut();
    if (passwordFile != null) {
      PrivateFiles.write(passwordFile, password + "\n");
      out.println("Password of " + name + " written to " + passwordFile.toAbsolutePath());
    } else {
      out.println("Password of " + name + " (give it to the operator; only its hash is kept):");
      out.println("  " + password);
    }
    out.println("Config line for admin.operators in edge.yaml:");
    out.println("  - {name: " + name + ", password_hash: \"" + hash + "\", role: " + role + "}");
    out.flush();
    return 0;
  }
}
