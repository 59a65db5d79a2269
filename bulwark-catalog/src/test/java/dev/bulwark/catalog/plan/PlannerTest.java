package dev.bulwark.catalog.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.catalog.plan.Decision.Why;
import dev.bulwark.debian.version.DebianVersion;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The planner's rules on synthetic catalog rows: one archive state, several images, bases and customizations. */
class PlannerTest {
    static final Instant POINT_RELEASE = Instant.parse("2026-11-15T10:00:00Z");
    static final Instant SECURITY = Instant.parse("2026-11-30T10:00:00Z");

    /** libssl3 has a security update fixing one CVE; tzdata a plain update; curl is current. */
    final Map<String, Map<String, Candidate>> archive = Map.of("trixie", candidates(
            candidate("libssl3t64", "3.5.1-1+deb13u1", "openssl", "trixie-security", SECURITY,
                    fix("CVE-2026-1000", "3.5.1-1+deb13u1"), fix("CVE-2025-0001", "3.5.0-1")),
            candidate("tzdata", "2025c-1", "tzdata", "trixie-updates", POINT_RELEASE),
            candidate("libexpat1", "2.7.1-2+deb13u1", "expat", "trixie-security", SECURITY, fix("CVE-2026-2000",
                    "2.7.1-2+deb13u1"))));

    @Test
    void securityFix_rebuildsNamingThePackageVersionsAndCves_andNotTheImageWithoutIt() {
        List<Decision> plan = Planner.plan(List.of(
                image("web", null, "libssl3t64=3.5.1-1/openssl", "tzdata=2025b-4"),
                image("tools", null, "curl=8.14.1-2", "tzdata=2025b-4")), archive);

        Decision web = find(plan, "web");
        assertThat(web.rebuild()).isTrue();
        assertThat(web.why()).isEqualTo(Why.SECURITY_FIX);
        assertThat(web.reason()).isEqualTo("libssl3t64 3.5.1-1 → 3.5.1-1+deb13u1 (trixie-security) fixes CVE-2026-1000");
        assertThat(web.fixes()).extracting(Decision.Update::arch).containsExactly("amd64", "arm64");
        assertThat(web.fixes()).allSatisfy(u -> {
            assertThat(u.source()).isEqualTo("openssl");
            assertThat(u.seenAt()).isEqualTo(SECURITY);
        });
        Decision tools = find(plan, "tools");
        assertThat(tools.rebuild()).isFalse();
        assertThat(tools.reason()).isEqualTo("no newer version fixes a CVE; newest non-security change skipped: "
                + "tzdata 2025b-4 → 2025c-1 (trixie-updates)");
    }

    @Test
    void fixAlreadyInstalled_doesNotCount() {
        Decision d = Planner.plan(List.of(image("old", null, "libssl3t64=3.5.0-1/openssl")), Map.of("trixie", candidates(
                candidate("libssl3t64", "3.5.0-2", "openssl", "trixie", POINT_RELEASE, fix("CVE-2025-0001", "3.5.0-1")))))
                .get(0);
        assertThat(d.rebuild()).isFalse();
        assertThat(d.reason()).contains("newest non-security change skipped: libssl3t64 3.5.0-1 → 3.5.0-2 (trixie)");
    }

    @Test
    void cascade_rebuildsBaseFirstThenCustomizationsInDependencyOrder() {
        List<PlanImage> images = List.of(
                image("app-debug", "app", "gdb=16.3-1"),
                image("app", "base", "libssl3t64=3.5.1-1/openssl", "python3=3.13.5-1"),
                image("base", null, "libssl3t64=3.5.1-1/openssl"),
                image("other", null, "curl=8.14.1-2"));
        List<Decision> plan = Planner.plan(images, archive);

        assertThat(plan).extracting(Decision::image).containsSubsequence("base", "app", "app-debug");
        assertThat(find(plan, "base").why()).isEqualTo(Why.SECURITY_FIX);
        Decision app = find(plan, "app");
        assertThat(app.rebuild()).isTrue();
        assertThat(app.why()).isEqualTo(Why.BASE_REBUILT);
        assertThat(app.cascadeFrom()).isEqualTo("base");
        assertThat(app.reason()).startsWith("its base base is rebuilt in this cycle (libssl3t64 3.5.1-1");
        assertThat(app.fixes()).as("its own copy of the fix starts its own SLA clock")
                .extracting(Decision.Update::name).containsExactly("libssl3t64", "libssl3t64");
        assertThat(find(plan, "app-debug").why()).isEqualTo(Why.BASE_REBUILT);
        assertThat(find(plan, "app-debug").cascadeFrom()).isEqualTo("app");
        assertThat(find(plan, "other").rebuild()).isFalse();
        List<PlanImage> reversed = new ArrayList<>(images);
        java.util.Collections.reverse(reversed);
        assertThat(Planner.plan(reversed, archive)).as("input order does not matter").isEqualTo(plan);
    }

    @Test
    void customization_isRebuiltForAFixInAPackageItAdded_andItsBaseIsNot() {
        List<Decision> plan = Planner.plan(List.of(
                image("base", null, "curl=8.14.1-2"),
                image("xml", "base", "curl=8.14.1-2", "libexpat1=2.7.1-2/expat")), archive);
        assertThat(find(plan, "base").rebuild()).isFalse();
        Decision xml = find(plan, "xml");
        assertThat(xml.rebuild()).isTrue();
        assertThat(xml.why()).isEqualTo(Why.SECURITY_FIX);
        assertThat(xml.reason()).contains("libexpat1 2.7.1-2 → 2.7.1-2+deb13u1 (trixie-security) fixes CVE-2026-2000");
    }

    @Test
    void baseRebuiltOutsideThisCycle_cascades() {
        PlanImage custom = new PlanImage("app", "base", "trixie", PlanImage.Policy.SECURITY, 4, installed("curl=8.14.1-2"),
                7, null, null);
        List<Decision> plan = Planner.plan(List.of(image("base", null, "curl=8.14.1-2"), custom), archive);
        assertThat(find(plan, "app").reason()).isEqualTo("its base base has build 7, newer than the one build 4 was made on");
    }

    @Test
    void alwaysUpdate_rebuildsForAnyChange_securityPolicyDoesNot() {
        PlanImage eager = new PlanImage("eager", null, "trixie", PlanImage.Policy.ALWAYS_UPDATE, 1,
                installed("tzdata=2025b-4"), null, null, null);
        List<Decision> plan = Planner.plan(List.of(eager, image("calm", null, "tzdata=2025b-4")), archive);
        assertThat(find(plan, "eager").why()).isEqualTo(Why.ALWAYS_UPDATE);
        assertThat(find(plan, "eager").reason()).isEqualTo("policy always-update and 1 newer package(s): tzdata 2025b-4 → "
                + "2025c-1 (trixie-updates)");
        assertThat(find(plan, "calm").rebuild()).isFalse();
        PlanImage current = new PlanImage("current", null, "trixie", PlanImage.Policy.ALWAYS_UPDATE, 3,
                installed("curl=8.14.1-2"), null, null, null);
        assertThat(Planner.plan(List.of(current), archive).get(0).reason())
                .isEqualTo("every package of build 3 is the newest its suites offer");
    }

    @Test
    void settledImage_repeatsItsReasonOnce_interruptedRebuildIsRedone() {
        PlanImage settled = new PlanImage("calm", null, "trixie", PlanImage.Policy.SECURITY, 2,
                installed("libssl3t64=3.5.1-1/openssl"), null, Planner.UNCHANGED + "every package is current", null);
        Decision d = Planner.plan(List.of(settled), archive).get(0);
        assertThat(d.rebuild()).as("a settled image is not looked at again").isFalse();
        assertThat(d.reason()).isEqualTo(Planner.UNCHANGED + "every package is current");

        PlanImage interrupted = new PlanImage("web", null, "trixie", PlanImage.Policy.SECURITY, 2,
                installed("curl=8.14.1-2"), null, null, "decided in watch-1: libssl3t64 …");
        Decision redo = Planner.plan(List.of(interrupted), archive).get(0);
        assertThat(redo.why()).isEqualTo(Why.INTERRUPTED);
        assertThat(redo.reason()).isEqualTo("redo the interrupted rebuild (decided in watch-1: libssl3t64 …)");
    }

    @Test
    void baseCycle_andUnbuiltImages_areNotRebuilt() {
        List<Decision> plan = Planner.plan(List.of(image("a", "b", "curl=8.14.1-2"), image("b", "a", "curl=8.14.1-2"),
                new PlanImage("new", null, "trixie", PlanImage.Policy.SECURITY, 0, List.of(), null, null, null)), archive);
        assertThat(find(plan, "a").why()).isEqualTo(Why.BASE_CYCLE);
        assertThat(find(plan, "a").reason()).contains("a → b → a");
        assertThat(find(plan, "b").why()).isEqualTo(Why.BASE_CYCLE);
        assertThat(find(plan, "new").why()).isEqualTo(Why.NOT_BUILT);
    }

    static Decision find(List<Decision> plan, String image) {
        return plan.stream().filter(d -> d.image().equals(image)).findFirst().orElseThrow();
    }

    static PlanImage image(String name, String base, String... packages) {
        return new PlanImage(name, base, "trixie", PlanImage.Policy.SECURITY, 1, installed(packages), null, null, null);
    }

    /** "name=version" or "name=version/source" on amd64 and arm64. */
    static List<Installed> installed(String... packages) {
        List<Installed> out = new ArrayList<>();
        for (String arch : List.of("amd64", "arm64")) {
            for (String p : packages) {
                String[] nameSource = p.split("/", 2);
                String[] nv = nameSource[0].split("=", 2);
                out.add(new Installed(arch, nv[0], arch, v(nv[1]), nameSource.length > 1 ? nameSource[1] : nv[0], v(nv[1])));
            }
        }
        return out;
    }

    static Map<String, Candidate> candidates(List<Candidate>... lists) {
        Map<String, Candidate> out = new HashMap<>();
        for (List<Candidate> l : lists) {
            l.forEach(c -> out.put(c.key(), c));
        }
        return out;
    }

    static List<Candidate> candidate(String name, String version, String source, String suite, Instant seen,
            Candidate.Fix... fixes) {
        return List.of(new Candidate(name, "amd64", v(version), v(version), suite, seen, List.of(fixes)),
                new Candidate(name, "arm64", v(version), v(version), suite, seen, List.of(fixes)));
    }

    static Candidate.Fix fix(String cve, String fixed) {
        return new Candidate.Fix(cve, "high", v(fixed), "test");
    }

    static DebianVersion v(String s) {
        try {
            return DebianVersion.parse(s);
        } catch (Exception e) {
            throw new IllegalArgumentException(s, e);
        }
    }
}
