package dev.gatehouse.shared.cli;

import dev.gatehouse.shared.config.ConfigException;
import dev.gatehouse.shared.config.ConfigFiles;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * Tells an edge config from an agent config by the top-level sections only one of them has, so
 * {@code gatehouse check --config FILE} needs no flag saying which it is.
 */
public enum ConfigKind {
  EDGE(Set.of("tls", "upstreams", "api_keys", "cors", "agent_assertion", "acme", "bans")),
  AGENT(Set.of("trust", "database", "game_server", "registration", "status"));

  private final Set<String> ownSections;

  ConfigKind(Set<String> ownSections) {
    this.ownSections = ownSections;
  }

  /** Prints {@code edge} or {@code agent} for the launcher; exit 2 when the file says neither. */
  public static void main(String[] args) {
    if (args.length != 1) {
      System.err.println("usage: ConfigKind FILE");
      System.exit(2);
    }
    try {
      System.out.println(of(Path.of(args[0])).name().toLowerCase());
    } catch (ConfigException e) {
      System.err.println("gatehouse check: config error: " + e.getMessage());
      System.exit(2);
    }
  }

  public static ConfigKind of(Path file) {
    // Values are not read here, so unset ${ENV} references do not matter yet.
    List<String> sections = ConfigFiles.read(file, name -> "").keys();
    boolean edge = sections.stream().anyMatch(EDGE.ownSections::contains);
    boolean agent = sections.stream().anyMatch(AGENT.ownSections::contains);
    if (edge == agent) {
      throw new ConfigException(
          file.toString(),
          null,
          "cannot tell an edge config (tls, upstreams, ...) from an agent config (trust, database,"
              + " game_server, ...) by its sections: "
              + sections);
    }
    return edge ? EDGE : AGENT;
  }
}
