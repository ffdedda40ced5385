package dev.gatehouse.edge.jvm;

import com.sun.management.OperatingSystemMXBean;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JIT's compiler threads start ahead of the event loops (nice -10, conf/jvm/edge.options), so
 * that after a start the hot path is compiled within seconds of the first load instead of sharing
 * one core with it. Once the process has used {@link #WARM} of CPU time, the hot path is compiled
 * (bench/PROFILE.md: about 10 s of compiling under full load) and the threads go back to normal
 * priority: a late compile of a method that only now got hot must share the core, not hold an event
 * loop up for the whole compile (40 ms stalls at p99 were measured without this).
 */
public final class CompilerPriority {

  private static final Logger log = LoggerFactory.getLogger(CompilerPriority.class);

  /** CPU time after which the hot path is surely compiled, whatever the load was. */
  static final Duration WARM = Duration.ofSeconds(30);

  private static final long CHECK_MILLIS = 5_000;

  private CompilerPriority() {}

  /** Checks every few seconds, and once {@link #WARM} is used, lowers the compilers' priority. */
  public static void lowerOnceWarm(Vertx vertx) {
    OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    vertx.setPeriodic(
        CHECK_MILLIS,
        timer -> {
          if (os.getProcessCpuTime() >= WARM.toNanos()) {
            vertx.cancelTimer(timer);
            vertx
                .executeBlocking(() -> lower(compilerThreads()))
                .onFailure(
                    failure ->
                        log.warn(
                            "could not return the JIT's compiler threads to normal priority: {}",
                            failure.toString()));
          }
        });
  }

  /** The thread ids of this JVM's JIT compiler threads. */
  static List<Long> compilerThreads() throws IOException {
    List<Long> ids = new ArrayList<>();
    try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
      for (Path task : (Iterable<Path>) tasks::iterator) {
        String name = Files.readString(task.resolve("comm")).strip();
        // The kernel cuts thread names to 15 characters: "C2 CompilerThread0" reads "C2
        // CompilerThre".
        if (name.startsWith("C1 CompilerThre") || name.startsWith("C2 CompilerThre")) {
          ids.add(Long.parseLong(task.getFileName().toString()));
        }
      }
    }
    return ids;
  }

  /** Puts {@code threads} at nice 0 with renice(1); raising a nice value needs no privilege. */
  static Void lower(List<Long> threads) throws IOException, InterruptedException {
    if (threads.isEmpty()) {
      return null;
    }
    List<String> command = new ArrayList<>(List.of("renice", "-n", "0", "-p"));
    threads.forEach(id -> command.add(String.valueOf(id)));
    Process renice = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(renice.getInputStream().readAllBytes()).strip();
    if (!renice.waitFor(10, TimeUnit.SECONDS) || renice.exitValue() != 0) {
      log.warn("could not return the JIT's compiler threads to normal priority: {}", output);
    } else {
      log.info("JIT compiler threads back at normal priority after warm-up");
    }
    return null;
  }
}
