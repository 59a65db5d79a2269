package dev.bulwark.cli;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * Dependencies point one way (STYLE rule 4): each module may use only the modules below it, and modules form no
 * cycle. The CLI's class path holds every module, so the rules are checked here.
 */
class ModuleDependenciesTest {

    private static JavaClasses classes;

    @BeforeAll
    static void importAll() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(location -> !location.contains("-tests.jar")) // other modules' test-jars
                .importPackages("dev.bulwark");
    }

    @ParameterizedTest(name = "{0} must not use {1}")
    @CsvSource({
            "core, debian", "core, oci", "core, check", "core, attest", "core, build", "core, policy", "core, cli",
            "debian, oci", "debian, check", "debian, attest", "debian, build", "debian, policy", "debian, cli",
            "oci, debian", "oci, check", "oci, attest", "oci, build", "oci, policy", "oci, cli",
            "check, attest", "check, build", "check, policy", "check, cli",
            "attest, check", "attest, build", "attest, policy", "attest, cli",
            "build, policy", "build, cli",
            "policy, cli",
            "debian, testkit", "oci, testkit", "check, testkit", "attest, testkit", "build, testkit", "policy, testkit",
            "cli, testkit",
            "core, catalog", "debian, catalog", "oci, catalog", "check, catalog", "attest, catalog", "build, catalog", "catalog, cli", "catalog, testkit"})
    void module_usesOnlyModulesBelowIt(String module, String forbidden) {
        noClasses().that().resideInAPackage("dev.bulwark." + module + "..")
                .should().dependOnClassesThat().resideInAPackage("dev.bulwark." + forbidden + "..")
                .allowEmptyShould(true)
                .check(classes);
    }

    @Test
    void modules_formNoCycle() {
        slices().matching("dev.bulwark.(*)..").should().beFreeOfCycles().check(classes);
    }
}
