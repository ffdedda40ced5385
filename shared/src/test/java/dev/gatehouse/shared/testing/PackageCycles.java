package dev.gatehouse.shared.testing;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;

/**
 * Checks that the packages of a module's main code depend on each other without loops. Every direct
 * sub-package of the base is one slice, its sub-packages included, and the base package itself is
 * one more: a class there that a sub-package uses would close a loop too.
 */
public final class PackageCycles {

  private PackageCycles() {}

  public static void assertNone(String basePackage) {
    JavaClasses classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages(basePackage);
    slices().assignedFrom(new TopLevel(basePackage)).should().beFreeOfCycles().check(classes);
  }

  private record TopLevel(String base) implements SliceAssignment {

    @Override
    public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
      String name = javaClass.getPackageName();
      if (name.equals(base)) {
        return SliceIdentifier.of("(" + base + ")");
      }
      if (!name.startsWith(base + ".")) {
        return SliceIdentifier.ignore();
      }
      return SliceIdentifier.of(name.substring(base.length() + 1).split("\\.")[0]);
    }

    @Override
    public String getDescription() {
      return "the top-level packages of " + base;
    }
  }
}
