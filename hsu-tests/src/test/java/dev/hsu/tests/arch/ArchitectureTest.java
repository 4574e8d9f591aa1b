package dev.hsu.tests.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.fields;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.GeneralCodingRules.ACCESS_STANDARD_STREAMS;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The one dependency rule of DESIGN.md: {@code app → core → spi ← adapters}, and the bans that
 * keep the core pure. Runs over the main classes of every module (tests excluded).
 */
class ArchitectureTest {

    private static final String SPI = "dev.hsu.spi..";
    private static final String CORE = "dev.hsu.core..";
    private static final String APP = "dev.hsu.app..";
    private static final List<String> ADAPTERS = List.of("dev.hsu.linux..", "dev.hsu.windows..", "dev.hsu.macos..");

    private static JavaClasses classes;

    @BeforeAll
    static void importMainClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.hsu");
    }

    @Test
    void everyModuleIsImported() {
        // Guards the rules below against passing on an empty or partial class path.
        for (String pkg : List.of("dev.hsu.spi", "dev.hsu.core", "dev.hsu.linux", "dev.hsu.windows",
                "dev.hsu.macos", "dev.hsu.app")) {
            assertTrue(classes.stream().anyMatch(c -> c.getPackageName().startsWith(pkg)),
                    "no main class imported from " + pkg);
        }
    }

    @Test
    void spiDependsOnTheJdkOnly() {
        classes().that().resideInAPackage(SPI)
                .should().onlyDependOnClassesThat().resideInAnyPackage(SPI, "java..")
                .check(classes);
    }

    /**
     * Pure-Java libraries that do domain work in the core (DESIGN.md allows them): cron-utils
     * parses schedules and computes their firings.
     */
    private static final String[] CORE_LIBRARIES = {"com.cronutils.."};

    @Test
    void coreDependsOnSpiAndTheJdkOnly() {
        String[] allowed = java.util.stream.Stream.concat(java.util.stream.Stream.of(CORE, SPI, "java.."),
                java.util.Arrays.stream(CORE_LIBRARIES)).toArray(String[]::new);
        classes().that().resideInAPackage(CORE)
                .should().onlyDependOnClassesThat().resideInAnyPackage(allowed)
                .check(classes);
    }

    @Test
    void coreAndSpiUseNoProcessApiNativeCodeInjectionOrJackson() {
        noClasses().that().resideInAnyPackage(CORE, SPI)
                .should().dependOnClassesThat().belongToAnyOf(ProcessBuilder.class, Runtime.class)
                .orShould().dependOnClassesThat().resideInAnyPackage(
                        "com.sun.jna..", "com.google.inject..", "jakarta.inject..", "javax.inject..",
                        "com.fasterxml.jackson..")
                .check(classes);
    }

    @Test
    void adaptersSeeNeitherTheCoreNorTheAppNorEachOther() {
        for (String adapter : ADAPTERS) {
            List<String> others = ADAPTERS.stream().filter(a -> !a.equals(adapter)).toList();
            noClasses().that().resideInAPackage(adapter)
                    .should().dependOnClassesThat().resideInAnyPackage(CORE, APP, others.get(0), others.get(1))
                    .check(classes);
        }
    }

    @Test
    void adaptersDoNotDependOnGuice() {
        noClasses().that().resideInAnyPackage(ADAPTERS.toArray(String[]::new))
                .should().dependOnClassesThat().resideInAnyPackage("com.google.inject..", "jakarta.inject..")
                .check(classes);
    }

    @Test
    void theAppReachesAdaptersOnlyThroughTheServiceLoader() {
        noClasses().that().resideInAPackage(APP)
                .should().dependOnClassesThat().resideInAnyPackage(ADAPTERS.toArray(String[]::new))
                .check(classes);
    }

    @Test
    void noFieldInjection() {
        fields().should().notBeAnnotatedWith("com.google.inject.Inject")
                .andShould().notBeAnnotatedWith("jakarta.inject.Inject")
                .andShould().notBeAnnotatedWith("javax.inject.Inject")
                .check(classes);
    }

    /**
     * jackson-databind's ObjectMapper costs a master about 460 classes (4.5 MB resident, and the
     * class-data archive of every later master): only the short-lived CLI client may use it.
     */
    @Test
    void onlyTheControlClientUsesObjectMapper() {
        noClasses().that().resideOutsideOfPackage("dev.hsu.app.control.cli..")
                .and().doNotHaveFullyQualifiedName("dev.hsu.app.control.ControlClient")
                .should().dependOnClassesThat().haveFullyQualifiedName("com.fasterxml.jackson.databind.ObjectMapper")
                .check(classes);
    }

    @Test
    void onlyTheCliWritesToStandardStreams() {
        DescribedPredicate<JavaClass> cli = DescribedPredicate.describe("CLI command classes",
                c -> c.getPackageName().startsWith("dev.hsu.app.cli")
                        || (c.getPackageName().startsWith("dev.hsu.app") && c.getSimpleName().endsWith("Command")));
        noClasses().that(DescribedPredicate.not(cli))
                .should(ACCESS_STANDARD_STREAMS)
                .check(classes);
    }
}
