package dev.gatehouse.agent.db;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The postmaster named by a data directory's {@code postmaster.pid}: its first line is the pid, its
 * fourth the port. An agent killed with SIGKILL leaves its postmaster running (pg_ctl detaches it),
 * holding the data directory; the next start stops it here.
 */
final class Postmaster {

  private static final Logger log = LoggerFactory.getLogger(Postmaster.class);
  private static final String PID_FILE = "postmaster.pid";
  private static final int PORT_LINE = 3;

  private final long pid;
  private final int port;

  private Postmaster(long pid, int port) {
    this.pid = pid;
    this.port = port;
  }

  /** The postmaster of {@code dataDir} if one is running: a postgres process started on it. */
  static Optional<Postmaster> running(Path dataDir) throws IOException {
    List<String> lines;
    try {
      lines = Files.readAllLines(dataDir.resolve(PID_FILE), StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
    if (lines.size() <= PORT_LINE) {
      return Optional.empty(); // still being written by a starting postmaster, or damaged
    }
    try {
      long pid = Long.parseLong(lines.get(0).strip());
      int port = Integer.parseInt(lines.get(PORT_LINE).strip());
      return isPostgresOf(pid, dataDir) ? Optional.of(new Postmaster(pid, port)) : Optional.empty();
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  /**
   * Whether {@code pid} is a postgres started with {@code -D dataDir}. A pid file can outlive its
   * process (a reboot, a crash) and the pid be reused by an unrelated process: never signal that.
   */
  static boolean isPostgresOf(long pid, Path dataDir) {
    List<String> args;
    try {
      String cmdline = Files.readString(Path.of("/proc", Long.toString(pid), "cmdline"));
      args = List.of(cmdline.split("\0"));
    } catch (IOException e) {
      return false;
    }
    if (args.isEmpty() || !Path.of(args.get(0)).getFileName().toString().equals("postgres")) {
      return false;
    }
    int d = args.indexOf("-D");
    return d >= 0
        && d + 1 < args.size()
        && Path.of(args.get(d + 1))
            .toAbsolutePath()
            .normalize()
            .equals(dataDir.toAbsolutePath().normalize());
  }

  long pid() {
    return pid;
  }

  int port() {
    return port;
  }

  /** Asks for a shutdown (SIGTERM: no new sessions, finish, checkpoint) and waits for the exit. */
  void stop(Duration wait) throws IOException {
    Optional<ProcessHandle> process = ProcessHandle.of(pid);
    if (process.isEmpty()) {
      return;
    }
    log.warn("stopping PostgreSQL left running on this data directory (pid {})", pid);
    process.get().destroy();
    try {
      process.get().onExit().get(wait.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new IOException(
          "PostgreSQL left running on this data directory (pid "
              + pid
              + ") did not stop within "
              + wait.toSeconds()
              + " s; stop it, then start again");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while stopping PostgreSQL (pid " + pid + ")", e);
    } catch (ExecutionException e) {
      throw new IOException("cannot wait for PostgreSQL (pid " + pid + ")", e);
    }
  }
}
