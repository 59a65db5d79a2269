package dev.bulwark.policy.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.core.BulwarkException.Kind;
import dev.bulwark.policy.PolicyEngine;
import dev.bulwark.policy.PolicyException;
import dev.bulwark.policy.TestImages;
import dev.bulwark.policy.model.ImageModels;
import dev.bulwark.policy.report.PolicyReport;
import dev.bulwark.policy.report.RuleResult;
import dev.bulwark.policy.rules.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Policy files: levels, parameters, exceptions with expiry, custom CEL rules, and every kind of bad file. */
class PolicyFileTest {
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-10T00:00:00Z"), ZoneOffset.UTC);
    final PolicyEngine engine = new PolicyEngine(CLOCK);

    @TempDir
    Path tmp;

    Path write(String yaml) throws Exception {
        Path p = tmp.resolve("policy.yaml");
        Files.writeString(p, yaml);
        return p;
    }

    PolicyReport run(String yaml, TestImages image) throws Exception {
        return engine.evaluate(engine.load(write(yaml)), ImageModels.of("fixture", image.build(tmp)));
    }

    static RuleResult result(PolicyReport r, String id) {
        return r.results().stream().filter(x -> x.id().equals(id)).findFirst().orElseThrow();
    }

    @Test
    void warnLevel_reportsButDoesNotFail() throws Exception {
        PolicyReport r = run("rules:\n  no-shell: warn\n", TestImages.base().text("/usr/bin/bash", "ELF", 0755));
        assertThat(result(r, "no-shell").status()).isEqualTo(RuleResult.Status.FAILED);
        assertThat(result(r, "no-shell").level()).isEqualTo(Level.WARN);
        assertThat(r.failed()).isFalse();
    }

    @Test
    void offLevel_skipsTheRule() throws Exception {
        PolicyReport r = run("rules:\n  no-shell: { level: off }\n", TestImages.base().text("/usr/bin/bash", "ELF", 0755));
        assertThat(result(r, "no-shell").status()).isEqualTo(RuleResult.Status.SKIPPED);
        assertThat(r.failed()).isFalse();
    }

    @Test
    void exception_waivesMatchingSubjectUntilItExpires() throws Exception {
        TestImages su = TestImages.base().file("/usr/bin/su", 04755, 0, 0, "x".getBytes())
                .file("/usr/bin/mount", 04755, 0, 0, "x".getBytes());
        PolicyReport r = run("""
                exceptions:
                  - rule: no-setuid-files
                    subject: /usr/bin/su
                    reason: needed by the login flow, ticket SEC-12
                    expires: 2026-02-01
                """, su);
        RuleResult setuid = result(r, "no-setuid-files");
        assertThat(setuid.waived()).extracting(v -> v.subject()).containsExactly("/usr/bin/su");
        assertThat(setuid.violations()).extracting(v -> v.subject()).containsExactly("/usr/bin/mount");
    }

    @Test
    void expiredException_failsAtDenyEvenForAWarnRule() throws Exception {
        PolicyReport r = run("""
                rules:
                  no-setuid-files: warn
                exceptions:
                  - rule: no-setuid-files
                    subject: /usr/bin/su
                    reason: temporary
                    expires: 2026-01-09
                """, TestImages.base().file("/usr/bin/su", 04755, 0, 0, "x".getBytes()));
        RuleResult setuid = result(r, "no-setuid-files");
        assertThat(setuid.denies()).isTrue();
        assertThat(setuid.violations()).extracting(v -> v.message()).anySatisfy(m ->
                assertThat(m).contains("policy.yaml:4").contains("expired on 2026-01-09"));
        assertThat(r.failed()).isTrue();
    }

    @Test
    void customCelRule_judgesTheImageModel() throws Exception {
        String yaml = """
                custom:
                  - id: python-present
                    expression: packages.exists(p, p.name == "python3")
                    message: python3 must be installed
                  - id: home-owned
                    level: warn
                    expression: |
                      files.filter(f, f.path == "/home/nonroot").all(f, f.uid == 65532 && f.mode == 448)
                  - id: runs-as-nonroot
                    expression: config.user.startsWith("65532") && annotations["org.opencontainers.image.title"] == "fixture"
                """;
        PolicyReport r = run(yaml, TestImages.base());
        assertThat(result(r, "python-present").denies()).isTrue();
        assertThat(result(r, "python-present").violations().get(0).message()).isEqualTo("python3 must be installed");
        assertThat(result(r, "home-owned").status()).isEqualTo(RuleResult.Status.PASSED);
        assertThat(result(r, "runs-as-nonroot").status()).isEqualTo(RuleResult.Status.PASSED);
        PolicyReport withPython = run(yaml, TestImages.base().pkg("python3", "3.13.5-1", "PSF-2.0"));
        assertThat(result(withPython, "python-present").status()).isEqualTo(RuleResult.Status.PASSED);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "syntax error|'rules:\n  no-shell: [deny\n'|policy.yaml:3|invalid YAML",
            "unknown top-level key|'rules: {}\nrulez: {}\n'|policy.yaml:2|unknown key 'rulez'",
            "unknown rule|'rules:\n  no-shells: deny\n'|policy.yaml:2|unknown rule 'no-shells'",
            "unknown parameter|'rules:\n  no-setuid-files:\n    allowed: [/x]\n'|policy.yaml:3|rules.no-setuid-files.allowed",
            "bad level|'rules:\n  no-shell: block\n'|policy.yaml:2|unknown level 'block'",
            "bad sla age|'rules:\n  vulnerability-sla: { max-age: soon }\n'|policy.yaml:2|expected an age like 7d",
            "exception without reason|'exceptions:\n  - rule: no-shell\n    expires: 2026-02-01\n'|policy.yaml:2|needs",
            "exception with bad date|'exceptions:\n  - { rule: no-shell, reason: r, expires: next week }\n'|policy.yaml:2|expected a date",
            "exception for unknown rule|'exceptions:\n  - { rule: nope, reason: r, expires: 2026-02-01 }\n'|policy.yaml:2|no rule 'nope'",
            "cel does not compile|'custom:\n  - id: broken\n    expression: |\n      packages.exists(p,\n        p.nam ==)\n'|policy.yaml:5|cannot compile custom rule 'broken'",
            "cel unknown variable|'custom:\n  - id: typo\n    expression: pakages.size() > 0\n'|policy.yaml:3|undeclared reference",
            "cel not a boolean|'custom:\n  - id: count\n    expression: packages.size()\n'|policy.yaml:3|not a bool"})
    void badPolicy_failsWithFileLineAndField(String name, String yaml, String where, String problem) throws Exception {
        Path p = write(yaml);
        assertThatThrownBy(() -> engine.load(p))
                .isInstanceOf(PolicyException.class)
                .hasMessageContaining(where)
                .hasMessageContaining(problem)
                .satisfies(e -> assertThat(((PolicyException) e).kind()).isEqualTo(Kind.BAD_INPUT));
    }
}
