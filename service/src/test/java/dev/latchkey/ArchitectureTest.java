package dev.latchkey;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import jakarta.ws.rs.Path;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.simpleNameEndingWith;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The house rules of docs/architecture.md, checked on the compiled classes: packages only point
 * down, never in a circle; only store classes touch the database; the plugin SPI is plain Java.
 */
@AnalyzeClasses(packages = "dev.latchkey", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    private static final String ROOT = "dev.latchkey";

    @ArchTest
    static final ArchRule packagesFormNoCycles = slices().matching("dev.latchkey.(*)..")
            .should().beFreeOfCycles();

    @ArchTest
    static final ArchRule layersOnlyPointDown = layeredArchitecture().consideringOnlyDependenciesInLayers()
            .layer("Composition").definedBy(inRoot().or(resideInAnyPackage("..latchkey.config..", "..latchkey.cli..",
                    "..latchkey.probe..", "..latchkey.rehearsal..", "..latchkey.reseal..", "..latchkey.console..",
                    "..latchkey.demo..")))
            .layer("Faces").definedBy("..latchkey.browser..", "..latchkey.gateway..", "..latchkey.assistant..",
                    "..latchkey.signin..", "..latchkey.issuer..")
            .layer("Engine").definedBy("..latchkey.flow..")
            .layer("Lifecycle").definedBy("..latchkey.connection..", "..latchkey.event..", "..latchkey.webhook..")
            .layer("Protocol steps").definedBy("..latchkey.discovery..", "..latchkey.registration..",
                    "..latchkey.token..", "..latchkey.authorization..")
            .layer("Providers").definedBy("..latchkey.plugin..")
            .layer("Infrastructure").definedBy("..latchkey.store..", "..latchkey.security..", "..latchkey.http..",
                    "..latchkey.audit..", "..latchkey.auth..", "..latchkey.limits..", "..latchkey.tenant..",
                    "..latchkey.api..", "..latchkey.idempotency..", "..latchkey.metrics..")
            .layer("Vocabulary").definedBy("..latchkey.protocol..", "dev.latchkey.spi..")
            .whereLayer("Composition").mayNotBeAccessedByAnyLayer()
            .whereLayer("Faces").mayOnlyBeAccessedByLayers("Composition")
            .whereLayer("Engine").mayOnlyBeAccessedByLayers("Composition", "Faces")
            .whereLayer("Lifecycle").mayOnlyBeAccessedByLayers("Composition", "Faces", "Engine")
            .whereLayer("Protocol steps").mayOnlyBeAccessedByLayers("Composition", "Faces", "Engine", "Lifecycle")
            .whereLayer("Providers").mayOnlyBeAccessedByLayers("Composition", "Faces", "Engine", "Lifecycle",
                    "Protocol steps")
            .whereLayer("Infrastructure").mayOnlyBeAccessedByLayers("Composition", "Faces", "Engine", "Lifecycle",
                    "Protocol steps", "Providers");

    @ArchTest
    static final ArchRule onlyTheRootNamesTheApplication = noClasses().that(not(inRoot()))
            .should().dependOnClassesThat(inRoot())
            .because("the composition root wires everything; commands get what they need handed in");

    @ArchTest
    static final ArchRule onlyStoresTouchTheDatabase = noClasses().that(not(storeClasses()))
            .should().accessClassesThat().resideInAnyPackage("org.jdbi..", "java.sql..")
            .orShould().accessClassesThat(simpleNameEndingWith("Dao"))
            .because("each aggregate's store is the only way to its tables");

    @ArchTest
    static final ArchRule resourcesAreOnlyWired = noClasses().that(not(inRoot()))
            .and(not(simpleNameEndingWith("Feature"))).and(not(simpleNameEndingWith("Factory")))
            .should().dependOnClassesThat().areAnnotatedWith(Path.class)
            .because("a resource translates HTTP for the services beneath it; nothing calls one");

    @ArchTest
    static final ArchRule pluginSpiIsPlainJava = classes().that().resideInAPackage("dev.latchkey.spi..")
            .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "dev.latchkey.spi..")
            .because("plugins compile against the SPI alone, whatever the service uses inside");

    @ArchTest
    static final ArchRule vocabularyStandsAlone = classes().that().resideInAPackage("dev.latchkey.protocol..")
            .should().onlyDependOnClassesThat(resideInAnyPackage("java..", "dev.latchkey.protocol..",
                    "dev.latchkey.spi..", "com.nimbusds..").or(not(resideInAPackage("dev.latchkey.."))
                    .and(not(resideInAPackage("org.jdbi..")))));

    /** Classes in a store package, or named for the store job they do. */
    private static DescribedPredicate<JavaClass> storeClasses() {
        return resideInAnyPackage("..store..").or(simpleNameEndingWith("Store")).or(simpleNameEndingWith("Dao"))
                .or(simpleNameEndingWith("Mapper")).or(simpleNameEndingWith("Queries"))
                .as("store classes");
    }

    /** The composition root: the application and what starts it. */
    private static DescribedPredicate<JavaClass> inRoot() {
        return DescribedPredicate.describe("the composition root", c -> c.getPackageName().equals(ROOT));
    }
}
