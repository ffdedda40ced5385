package dev.gatehouse.shared.cli;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import picocli.CommandLine.IVersionProvider;

/**
 * The release and commit this program was built from, as the build wrote them into the jar's
 * manifest; {@code --version} of every command prints it.
 */
public final class BuildVersion implements IVersionProvider {

  static final String UNKNOWN = "unknown";

  /** {@code gatehouse --version}. */
  public static void main(String[] args) {
    System.out.println(line());
  }

  /** {@code gatehouse 0.1.0 (commit 1a2b3c4d5e)}; outside a built jar both parts say unknown. */
  public static String line() {
    Attributes manifest = manifest();
    return "gatehouse "
        + value(manifest, "Implementation-Version")
        + " (commit "
        + value(manifest, "Gatehouse-Commit")
        + ")";
  }

  @Override
  public String[] getVersion() {
    return new String[] {line()};
  }

  private static String value(Attributes manifest, String name) {
    String value = manifest.getValue(name);
    // An unresolved ${...} means the build had no git to ask.
    return value == null || value.isBlank() || value.startsWith("${") ? UNKNOWN : value;
  }

  /** The manifest of the jar holding this class; empty when running from class folders. */
  private static Attributes manifest() {
    try {
      Path location =
          Path.of(BuildVersion.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      if (!Files.isRegularFile(location)) {
        return new Attributes();
      }
      try (JarFile jar = new JarFile(location.toFile())) {
        return jar.getManifest() == null ? new Attributes() : jar.getManifest().getMainAttributes();
      }
    } catch (IOException | URISyntaxException | SecurityException e) {
      return new Attributes();
    }
  }
}
