package dev.gatehouse.edge.architecture;

import dev.gatehouse.shared.testing.PackageCycles;
import org.junit.jupiter.api.Test;

class PackageCyclesTest {

  @Test
  void edgePackagesHaveNoLoops() {
    PackageCycles.assertNone("dev.gatehouse.edge");
  }
}
