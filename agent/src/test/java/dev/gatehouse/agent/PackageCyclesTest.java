package dev.gatehouse.agent;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import org.junit.jupiter.api.Test;

/** The agent's packages depend on each other in one direction only, the root package included. */
class PackageCyclesTest {

  static final String ROOT = "dev.gatehouse.agent";

  /** Every package is a slice of its own; the root package too, which a pattern would skip. */
  static final SliceAssignment EVERY_PACKAGE =
      new SliceAssignment() {
        @Override
        public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
          String pkg = javaClass.getPackageName();
          return pkg.equals(ROOT) || pkg.startsWith(ROOT + ".")
              ? SliceIdentifier.of(pkg)
              : SliceIdentifier.ignore();
        }

        @Override
        public String getDescription() {
          return "packages of " + ROOT;
        }
      };

  @Test
  void noPackageOfTheAgentDependsOnItselfThroughAnother() {
    JavaClasses agent =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages(ROOT);

    slices().assignedFrom(EVERY_PACKAGE).should().beFreeOfCycles().check(agent);
  }
}
