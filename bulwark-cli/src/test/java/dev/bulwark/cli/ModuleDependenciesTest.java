package dev.bulwark.cli;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Dependencies point one way (STYLE rule 4): each module may use only the modules below it, and modules form no
 * cycle. The CLI's class path holds every module, so the rules are checked here. The graph below is the one the
 * poms declare; a module whose package is renamed or emptied fails {@link #everyModule_hasClasses()} and the rules
 * that select it, because no rule here accepts an empty selection.
 */
class ModuleDependenciesTest {

    /** Each module and the modules its main code may use (besides itself). */
    static final Map<String, List<String>> ALLOWED = new LinkedHashMap<>();

    static {
        ALLOWED.put("core", List.of());
        ALLOWED.put("testkit", List.of("core"));
        ALLOWED.put("debian", List.of("core"));
        ALLOWED.put("oci", List.of("core"));
        ALLOWED.put("spec", List.of("core", "debian"));
        ALLOWED.put("image", List.of("core", "debian", "oci"));
        ALLOWED.put("attest", List.of("core", "debian", "oci", "image"));
        ALLOWED.put("scan", List.of("core", "debian", "oci", "image"));
        ALLOWED.put("policy", List.of("core", "debian", "oci", "spec", "image", "attest", "scan"));
        ALLOWED.put("builder", List.of("core", "debian", "oci", "spec", "image", "attest", "scan", "policy"));
        ALLOWED.put("catalog", List.of("core", "debian", "oci", "spec", "image", "attest", "scan", "policy",
                "builder"));
        ALLOWED.put("server", List.of("core", "debian", "oci", "spec", "image", "attest", "scan", "policy",
                "builder", "catalog"));
        ALLOWED.put("cli", List.of("core", "debian", "oci", "spec", "image", "attest", "scan", "policy", "builder",
                "catalog", "server"));
    }

    private static JavaClasses classes;

    @BeforeAll
    static void importAll() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(location -> !location.contains("-tests.jar")) // other modules' test-jars
                .importPackages("dev.bulwark");
    }

    static Stream<Arguments> forbiddenPairs() {
        return ALLOWED.entrySet().stream().flatMap(e -> ALLOWED.keySet().stream()
                .filter(other -> !other.equals(e.getKey()) && !e.getValue().contains(other))
                .map(other -> Arguments.of(e.getKey(), other)));
    }

    @ParameterizedTest(name = "{0} must not use {1}")
    @MethodSource("forbiddenPairs")
    void module_usesOnlyModulesBelowIt(String module, String forbidden) {
        noClasses().that().resideInAPackage("dev.bulwark." + module + "..")
                .should().dependOnClassesThat().resideInAPackage("dev.bulwark." + forbidden + "..")
                .check(classes);
    }

    @Test
    void everyModule_hasClasses() {
        Set<String> present = classes.stream().map(JavaClass::getPackageName)
                .map(p -> p.split("\\.")).filter(p -> p.length > 2 && p[0].equals("dev") && p[1].equals("bulwark"))
                .map(p -> p[2]).collect(Collectors.toCollection(TreeSet::new));
        assertThat(present).as("top-level packages under dev.bulwark").isEqualTo(new TreeSet<>(ALLOWED.keySet()));
    }

    @Test
    void modules_formNoCycle() {
        slices().matching("dev.bulwark.(*)..").should().beFreeOfCycles().check(classes);
    }
}
