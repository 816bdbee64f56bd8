package dev.latchkey.spi;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** Plugins build against this jar alone, so it may use nothing but the JDK. */
class SpiDependenciesTest {

    @Test
    void theSpiDependsOnTheJdkOnly() {
        JavaClasses spi = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.latchkey.spi");

        noClasses().should().dependOnClassesThat().resideOutsideOfPackages("java..", "dev.latchkey.spi..")
                .check(spi);
    }
}
