package dev.gatehouse.shared.architecture;

import dev.gatehouse.shared.testing.PackageCycles;
import org.junit.jupiter.api.Test;

class PackageCyclesTest {

  @Test
  void sharedPackagesHaveNoLoops() {
    PackageCycles.assertNone("dev.gatehouse.shared");
  }
}
