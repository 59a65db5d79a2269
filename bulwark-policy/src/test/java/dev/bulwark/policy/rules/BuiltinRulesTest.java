package dev.bulwark.policy.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.policy.PolicyEngine;
import dev.bulwark.policy.TestImages;
import dev.bulwark.policy.model.EvidenceFact;
import dev.bulwark.policy.model.ImageModel;
import dev.bulwark.policy.model.ImageModels;
import dev.bulwark.policy.model.VulnerabilityFact;
import dev.bulwark.policy.report.PolicyReport;
import dev.bulwark.policy.report.RuleResult;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Each built-in rule against a fixture image that passes it and one that fails it, built in code. */
class BuiltinRulesTest {
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-10T00:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path tmp;

    /** A rule, how to break the clean base for it, and a word the violation must name. */
    record Case(String rule, UnaryOperator<TestImages> breakIt, String named) {
        @Override
        public String toString() {
            return rule + " (" + named + ")";
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case("non-root-user", t -> t.user(""), "runs as root"),
                new Case("non-root-user", t -> t.user("0:0"), "uid 0"),
                new Case("non-root-user", t -> t.user("root"), "uid 0 in /etc/passwd"),
                new Case("no-setuid-files", t -> t.file("/usr/bin/su", 04755, 0, 0, "x".getBytes()), "/usr/bin/su is setuid"),
                new Case("no-setuid-files", t -> t.file("/usr/bin/wall", 02755, 0, 5, "x".getBytes()), "setgid"),
                new Case("no-world-writable", t -> t.dir("/var/cache", 0777), "/var/cache is world-writable"),
                new Case("no-world-writable", t -> t.text("/etc/app.conf", "a=1\n", 0666), "/etc/app.conf"),
                new Case("no-shell", t -> t.text("/usr/bin/dash", "ELF", 0755), "/usr/bin/dash"),
                new Case("no-shell", t -> t.symlink("/usr/bin/sh", "dash"), "/usr/bin/sh"),
                new Case("no-package-manager", t -> t.text("/usr/bin/apt-get", "ELF", 0755), "/usr/bin/apt-get"),
                new Case("no-package-manager", t -> t.pkg("dpkg", "1.22.21", "GPL-2+"), "dpkg 1.22.21"),
                new Case("no-secrets", t -> t.env("API_TOKEN=Zx81kQp0Lm2vN7sW4rT9yB3c"), "env:API_TOKEN"),
                new Case("no-secrets", t -> t.label("deploy.key", "AKIAQX2L7PZK4MDR9TWY"), "aws-access-key-id"),
                new Case("no-secrets", t -> t.history("RUN curl -H 'Authorization: token ghp_0123456789abcdefghijABCDEFGHIJ012345'"),
                        "github-token"),
                new Case("no-secrets", t -> t.text("/etc/app/credentials", "aws_secret_access_key = "
                        + "wJa1rXUtnF3MI7K7MDENGbPxRf9CYz2ExAmPlQ0e\n", 0600), "/etc/app/credentials:1"),
                new Case("licence-deny-list", t -> t.pkg("mongo-tool", "1.0-1", "SSPL-1.0"), "mongo-tool"),
                new Case("licence-deny-list", t -> t.pkg("agpl-lib", "2.0-1", "AGPL-3+"), "agpl-lib"),
                new Case("required-annotations", t -> t.annotation("org.opencontainers.image.title", null),
                        "org.opencontainers.image.title"),
                new Case("base-pinned", t -> t.annotation(ImageModel.BASE_NAME, "registry.example/python3:latest"),
                        "not pinned"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void rule_failsOnBrokenImage_andPassesOnCleanBase(Case c) throws Exception {
        PolicyEngine engine = new PolicyEngine(CLOCK);
        PolicyEngine.Loaded defaults = engine.load(null);
        RuleResult clean = result(engine.evaluate(defaults, model(TestImages.base())), c.rule());
        assertThat(clean.status()).isIn(RuleResult.Status.PASSED, RuleResult.Status.SKIPPED);
        assertThat(clean.violations()).isEmpty();

        RuleResult broken = result(engine.evaluate(defaults, model(c.breakIt().apply(TestImages.base()))), c.rule());
        assertThat(broken.status()).isEqualTo(RuleResult.Status.FAILED);
        assertThat(broken.denies()).isTrue();
        assertThat(broken.violations()).extracting(Violation::message).anySatisfy(m -> assertThat(m).contains(c.named()));
    }

    @Test
    void cleanBase_passesEveryRuleAtDefaultLevels() throws Exception {
        PolicyEngine engine = new PolicyEngine(CLOCK);
        PolicyReport report = engine.evaluate(engine.load(null), model(TestImages.base()));
        assertThat(report.failures()).isEmpty();
        assertThat(report.failed()).isFalse();
    }

    @Test
    void basePinned_passesWithDigest() throws Exception {
        PolicyEngine engine = new PolicyEngine(CLOCK);
        ImageModel m = model(TestImages.base().annotation(ImageModel.BASE_NAME, "registry.example/python3:1")
                .annotation(ImageModel.BASE_DIGEST, "sha256:" + "ab".repeat(32)));
        assertThat(result(engine.evaluate(engine.load(null), m), "base-pinned").status()).isEqualTo(RuleResult.Status.PASSED);
    }

    @Test
    void setuid_allowListedPathPasses() throws Exception {
        PolicyEngine engine = new PolicyEngine(CLOCK);
        Path policy = tmp.resolve("policy.yaml");
        java.nio.file.Files.writeString(policy, "rules:\n  no-setuid-files:\n    allow: [/usr/bin/su]\n");
        ImageModel m = model(TestImages.base().file("/usr/bin/su", 04755, 0, 0, "x".getBytes()));
        assertThat(result(engine.evaluate(engine.load(policy), m), "no-setuid-files").status())
                .isEqualTo(RuleResult.Status.PASSED);
    }

    @Test
    void vulnerabilitySla_failsOnlyForFixableFindingsPastTheAge() throws Exception {
        PolicyEngine engine = new PolicyEngine(CLOCK);
        Path policy = tmp.resolve("policy.yaml");
        java.nio.file.Files.writeString(policy, "rules:\n  vulnerability-sla: { severity: high, max-age: 7d }\n");
        PolicyEngine.Loaded loaded = engine.load(policy);
        List<VulnerabilityFact> vulns = List.of(
                new VulnerabilityFact("CVE-2025-0001", "libc6", "high", "2.41-13", true),
                new VulnerabilityFact("CVE-2025-0002", "libc6", "critical", "", false),
                new VulnerabilityFact("CVE-2025-0003", "libc6", "medium", "2.41-13", true));
        // The base was created 2025-12-01, 40 days before the clock: only the fixable high finding fails.
        RuleResult old = result(engine.evaluate(loaded, model(TestImages.base()).withVulnerabilities(vulns)), "vulnerability-sla");
        assertThat(old.violations()).extracting(Violation::message).singleElement().asString().contains("CVE-2025-0001");
        ImageModel fresh = model(TestImages.base().created(Instant.parse("2026-01-08T00:00:00Z"))).withVulnerabilities(vulns);
        assertThat(result(engine.evaluate(loaded, fresh), "vulnerability-sla").status()).isEqualTo(RuleResult.Status.PASSED);
    }

    @Test
    void signedAndAttested_judgesEvidence() throws Exception {
        PolicyEngine engine = new PolicyEngine(CLOCK);
        PolicyEngine.Loaded defaults = engine.load(null);
        ImageModel bare = model(TestImages.base());
        assertThat(result(engine.evaluate(defaults, bare), "signed-and-attested").status()).isEqualTo(RuleResult.Status.SKIPPED);
        RuleResult unsigned = result(engine.evaluate(defaults, bare.withEvidence(new EvidenceFact(false, false, List.of()))),
                "signed-and-attested");
        assertThat(unsigned.status()).isEqualTo(RuleResult.Status.FAILED);
        assertThat(unsigned.level()).isEqualTo(Level.WARN);
        assertThat(result(engine.evaluate(defaults, bare.withEvidence(new EvidenceFact(true, true, List.of()))),
                "signed-and-attested").status()).isEqualTo(RuleResult.Status.PASSED);
    }

    @Test
    void licenceDenyList_orExpressionWithAnAllowedChoicePasses() throws Exception {
        PolicyEngine engine = new PolicyEngine(CLOCK);
        ImageModel m = model(TestImages.base().pkg("dual", "1.0-1", "AGPL-3 or Expat"));
        assertThat(result(engine.evaluate(engine.load(null), m), "licence-deny-list").status())
                .isEqualTo(RuleResult.Status.PASSED);
    }

    ImageModel model(TestImages t) throws Exception {
        return ImageModels.of("fixture", t.build(tmp));
    }

    static RuleResult result(PolicyReport r, String id) {
        return r.results().stream().filter(x -> x.id().equals(id)).findFirst().orElseThrow();
    }
}
