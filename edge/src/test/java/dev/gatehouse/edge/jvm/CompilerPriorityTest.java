package dev.gatehouse.edge.jvm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class CompilerPriorityTest {

  @Test
  void findsThisJvmsCompilerThreadsAndPutsThemBackAtNormalPriority() throws Exception {
    List<Long> compilers = CompilerPriority.compilerThreads();
    assertThat(compilers).isNotEmpty();
    // Lowering a nice value again needs root (or the edge unit's LimitNICE), as CI runs.
    assumeTrue("root".equals(System.getProperty("user.name")));
    for (long id : compilers) {
      assertThat(
              new ProcessBuilder("renice", "-n", "7", "-p", String.valueOf(id)).start().waitFor())
          .isZero();
      assertThat(nice(id)).isEqualTo(7);
    }

    CompilerPriority.lower(compilers);

    for (long id : compilers) {
      assertThat(nice(id)).isZero();
    }
  }

  /** Field 19 of a thread's stat; its name, field 2, may hold spaces and is cut off first. */
  private static int nice(long thread) throws Exception {
    String stat = Files.readString(Path.of("/proc/self/task/" + thread + "/stat"));
    return Integer.parseInt(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[16]);
  }
}
