package dev.gatehouse.shared.cli;

import dev.gatehouse.shared.config.ConfigException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.function.Function;

/**
 * {@code gatehouse check}: loads a config as the service would at start-up and runs the checks it
 * would otherwise fail on later, starting nothing. Exit 0 when all is well, 2 with one line naming
 * the file and key when not.
 */
public final class ConfigCheck {

  /** Further checks on a loaded config; returns what was found, throws on a problem. */
  @FunctionalInterface
  public interface Checks<C> {
    String run(C config) throws ConfigException;
  }

  private ConfigCheck() {}

  public static <C> int run(
      String kind, Path file, Function<Path, C> load, Checks<C> checks, PrintStream out) {
    try {
      String found = checks.run(load.apply(file));
      out.println("gatehouse check: " + file + ": " + kind + " config is valid" + found);
      return 0;
    } catch (ConfigException e) {
      System.err.println("gatehouse check: config error: " + e.getMessage());
      return 2;
    }
  }
}
