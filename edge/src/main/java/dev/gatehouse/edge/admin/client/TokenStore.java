package dev.gatehouse.edge.admin.client;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/** Where a client keeps its token pair between calls. */
public interface TokenStore {

  Optional<Tokens> load();

  void save(Tokens tokens);

  void clear();

  /** In memory only: the bot, which logs in again when it starts. */
  static TokenStore memory() {
    return new TokenStore() {
      private Tokens tokens;

      @Override
      public Optional<Tokens> load() {
        return Optional.ofNullable(tokens);
      }

      @Override
      public void save(Tokens tokens) {
        this.tokens = tokens;
      }

      @Override
      public void clear() {
        tokens = null;
      }
    };
  }

  /**
   * A file of mode 0600 (the command line's login), under {@code $XDG_CONFIG_HOME/gatehouse/} or
   * {@code ~/.config/gatehouse/}, one per API base URL host and port.
   */
  static TokenStore file(Path file) {
    return new FileTokenStore(file);
  }

  /**
   * Runs {@code step} while no other client of this store runs one: a refresh reads, spends and
   * replaces the refresh token as one step, since the API revokes a login whose refresh token is
   * used twice.
   */
  default <T> T alone(Step<T> step) throws IOException, InterruptedException {
    synchronized (this) {
      return step.run();
    }
  }

  /** What {@link #alone} runs. */
  interface Step<T> {
    T run() throws IOException, InterruptedException;
  }

  /** The folder the command line keeps its logins in, from the environment {@code env}. */
  static Path configFolder(Map<String, String> env) {
    String xdg = env.get("XDG_CONFIG_HOME");
    Path base =
        xdg != null && !xdg.isBlank()
            ? Path.of(xdg)
            : Path.of(env.getOrDefault("HOME", System.getProperty("user.home")), ".config");
    return base.resolve("gatehouse");
  }
}
