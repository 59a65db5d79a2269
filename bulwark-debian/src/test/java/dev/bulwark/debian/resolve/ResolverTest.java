package dev.bulwark.debian.resolve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.debian.archive.ArchivePackage;
import dev.bulwark.debian.resolve.ResolveRequest.Requested;
import dev.bulwark.debian.version.DebianVersion;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ResolverTest {

    private static final List<String> SUITES = List.of("trixie", "trixie-updates", "trixie-security");

    private final List<ArchivePackage> packages = new ArrayList<>();

    /** A package stanza in shorthand: fields as "Depends=…", "Provides=…", "Conflicts=…", "Breaks=…", "Pre-Depends=…". */
    private void add(String suite, String name, String version, String... fields) throws Exception {
        String depends = "", pre = "", provides = "", conflicts = "", breaks = "";
        for (String f : fields) {
            String value = f.substring(f.indexOf('=') + 1);
            switch (f.substring(0, f.indexOf('='))) {
                case "Depends" -> depends = value;
                case "Pre-Depends" -> pre = value;
                case "Provides" -> provides = value;
                case "Conflicts" -> conflicts = value;
                case "Breaks" -> breaks = value;
                default -> throw new IllegalArgumentException(f);
            }
        }
        String sha = String.format("%064x", packages.size() + 1);
        packages.add(new ArchivePackage(name, DebianVersion.parse(version), "amd64", null, null, suite, "main",
                "pool/main/" + name + "_" + version + ".deb", 100, sha, depends, pre, provides, conflicts, breaks, false, "no"));
    }

    private Resolution resolve(Map<String, String> excluded, String... requested) throws Exception {
        List<Requested> req = new ArrayList<>();
        for (String r : requested) {
            int eq = r.indexOf('=');
            req.add(eq < 0 ? new Requested(r, null) : new Requested(r.substring(0, eq), r.substring(eq + 1)));
        }
        return new Resolver(PackageUniverse.of("amd64", packages, SUITES)).resolve(new ResolveRequest(req, excluded));
    }

    private static List<String> ids(Resolution r) {
        return r.packages().stream().map(s -> s.pkg().id()).toList();
    }

    @Test
    void resolve_followsDependsAndPreDependsTransitively() throws Exception {
        add("trixie", "app", "1.0", "Depends=libfoo (>= 1.0)", "Pre-Depends=libbar");
        add("trixie", "libfoo", "1.2", "Depends=libc6");
        add("trixie", "libbar", "3");
        add("trixie", "libc6", "2.41-12");
        assertThat(ids(resolve(Map.of(), "app"))).containsExactly("app=1.0", "libbar=3", "libc6=2.41-12", "libfoo=1.2");
    }

    @Test
    void resolve_picksHighestVersionAcrossSuites() throws Exception {
        add("trixie", "openssl-lib", "3.5.1-1");
        add("trixie-security", "openssl-lib", "3.5.1-1+deb13u1");
        add("trixie-updates", "openssl-lib", "3.5.0-1");
        Resolution r = resolve(Map.of(), "openssl-lib");
        assertThat(r.packages().get(0).pkg().suite()).isEqualTo("trixie-security");
        assertThat(ids(r)).containsExactly("openssl-lib=3.5.1-1+deb13u1");
    }

    @Test
    void resolve_equalVersionsPreferTheEarlierSuite() throws Exception {
        add("trixie-security", "tzdata", "2025b-4");
        add("trixie", "tzdata", "2025b-4");
        assertThat(resolve(Map.of(), "tzdata").packages().get(0).pkg().suite()).isEqualTo("trixie");
    }

    @Test
    void resolve_honoursAPin() throws Exception {
        add("trixie", "tzdata", "2025b-4");
        add("trixie-updates", "tzdata", "2025c-1");
        assertThat(ids(resolve(Map.of(), "tzdata=2025b-4"))).containsExactly("tzdata=2025b-4");
    }

    @Test
    void resolve_unknownPinNamesAvailableVersions() throws Exception {
        add("trixie", "tzdata", "2025b-4");
        assertThatThrownBy(() -> resolve(Map.of(), "tzdata=1999a-1"))
                .isInstanceOf(ResolveException.class).hasMessageContaining("1999a-1").hasMessageContaining("2025b-4 (trixie)");
    }

    @Test
    void resolve_triesAlternativesInOrder() throws Exception {
        add("trixie", "app", "1", "Depends=missing-pkg | second | third");
        add("trixie", "second", "1");
        add("trixie", "third", "1");
        assertThat(ids(resolve(Map.of(), "app"))).containsExactly("app=1", "second=1");
    }

    @Test
    void resolve_alternativeAlreadyChosenWins() throws Exception {
        add("trixie", "app", "1", "Depends=first | second");
        add("trixie", "first", "1");
        add("trixie", "second", "1");
        assertThat(ids(resolve(Map.of(), "second", "app"))).containsExactly("app=1", "second=1");
    }

    @Test
    void resolve_virtualPackageUsesProvidersInNameOrder() throws Exception {
        add("trixie", "app", "1", "Depends=mail-transport-agent");
        add("trixie", "postfix", "3", "Provides=mail-transport-agent");
        add("trixie", "exim4", "4", "Provides=mail-transport-agent");
        Resolution r = resolve(Map.of(), "app");
        assertThat(ids(r)).containsExactly("app=1", "exim4=4");
        assertThat(r.find("exim4").orElseThrow().reason().note()).contains("2 providers");
    }

    @Test
    void resolve_versionedDependencyOnVirtualNeedsVersionedProvides() throws Exception {
        add("trixie", "app", "1", "Depends=libvirt-x (>= 2)");
        add("trixie", "old", "1", "Provides=libvirt-x");
        add("trixie", "new", "1", "Provides=libvirt-x (= 2.5)");
        assertThat(ids(resolve(Map.of(), "app"))).containsExactly("app=1", "new=1");
    }

    @Test
    void resolve_skipsExcludedDependenciesAndSaysWhy() throws Exception {
        add("trixie", "tzdata", "2025b-4", "Depends=debconf (>= 0.5) | debconf-2.0");
        add("trixie", "debconf", "1.5.91");
        Resolution r = resolve(Map.of("debconf", "install time", "debconf-2.0", "install time"), "tzdata");
        assertThat(ids(r)).containsExactly("tzdata=2025b-4");
        assertThat(r.skipped()).singleElement().satisfies(s -> {
            assertThat(s.parent()).isEqualTo("tzdata");
            assertThat(s.why()).contains("debconf: install time");
        });
    }

    @Test
    void resolve_requestedPackageOverridesTheDefaultExclusions() throws Exception {
        add("trixie", "dash", "0.5.12-12");
        assertThat(ids(resolve(Map.of("dash", "shell"), "dash"))).containsExactly("dash=0.5.12-12");
    }

    @Test
    void resolve_unknownPackageSuggestsNearNames() throws Exception {
        add("trixie", "python3", "3.13.5-1");
        add("trixie", "python3-minimal", "3.13.5-1");
        assertThatThrownBy(() -> resolve(Map.of(), "pyhton3"))
                .isInstanceOf(ResolveException.class)
                .hasMessageContaining("no such package").hasMessageContaining("did you mean python3");
    }

    @Test
    void resolve_virtualRequestNamesProviders() throws Exception {
        add("trixie", "mawk", "1.3.4", "Provides=awk");
        assertThatThrownBy(() -> resolve(Map.of(), "awk")).hasMessageContaining("virtual").hasMessageContaining("mawk");
    }

    @Test
    void resolve_unsatisfiableDependencyPrintsTheChain() throws Exception {
        add("trixie", "app", "1", "Depends=libmid");
        add("trixie", "libmid", "1", "Depends=libbase (>= 5)");
        add("trixie", "libbase", "4");
        assertThatThrownBy(() -> resolve(Map.of(), "app"))
                .isInstanceOf(ResolveException.class)
                .hasMessageContaining("libmid=1 depends on 'libbase (>= 5)'")
                .hasMessageContaining("libmid ← app")
                .hasMessageContaining("available: 4 (trixie)")
                .satisfies(e -> assertThat(((ResolveException) e).chain()).containsExactly("app", "libmid"));
    }

    @Test
    void resolve_laterConstraintUpgradesAnEarlierChoice() throws Exception {
        // libz is first chosen for 'a' at the pinned-free best version; 'b' needs << 2, which only 1.5 satisfies.
        add("trixie", "a", "1", "Depends=libz");
        add("trixie", "b", "1", "Depends=libz (<< 2)");
        add("trixie", "libz", "2.0");
        add("trixie", "libz", "1.5");
        assertThat(ids(resolve(Map.of(), "a", "b"))).containsExactly("a=1", "b=1", "libz=1.5");
    }

    @Test
    void resolve_pinThatADependencyRejectsIsAClearError() throws Exception {
        add("trixie", "libz", "1.0");
        add("trixie", "libz", "2.0");
        add("trixie", "app", "1", "Depends=libz (>= 2)");
        assertThatThrownBy(() -> resolve(Map.of(), "libz=1.0", "app"))
                .isInstanceOf(ResolveException.class)
                .hasMessageContaining("pins libz=1.0").hasMessageContaining("app=1 depends on 'libz (>= 2)'");
    }

    @Test
    void resolve_reportsConflictsBetweenChosenPackages() throws Exception {
        add("trixie", "a", "1", "Conflicts=b");
        add("trixie", "b", "1");
        assertThatThrownBy(() -> resolve(Map.of(), "a", "b"))
                .isInstanceOf(ResolveException.class).hasMessageContaining("Conflicts: b").hasMessageContaining("b=1");
    }

    @Test
    void resolve_breaksWithVersionOnlyMatchesThatRange() throws Exception {
        add("trixie", "a", "1", "Breaks=b (<< 2)");
        add("trixie", "b", "2");
        assertThat(ids(resolve(Map.of(), "a", "b"))).containsExactly("a=1", "b=2");
    }

    @Test
    void resolve_selfConflictThroughProvidesIsAllowed() throws Exception {
        add("trixie", "mawk", "1", "Provides=awk", "Conflicts=awk");
        assertThat(ids(resolve(Map.of(), "mawk"))).containsExactly("mawk=1");
    }

    @Test
    void chain_runsFromTheRequestedRootDown() throws Exception {
        add("trixie", "python3", "3.13", "Depends=python3.13");
        add("trixie", "python3.13", "3.13.5", "Depends=libc6 (>= 2.38)");
        add("trixie", "libc6", "2.41-12");
        Resolution r = resolve(Map.of(), "python3");
        assertThat(r.chain("libc6").stream().map(s -> s.pkg().name())).containsExactly("python3", "python3.13", "libc6");
        assertThat(r.find("libc6").orElseThrow().reason().toString()).isEqualTo("python3.13 Depends: libc6 (>= 2.38)");
    }

    @Test
    void installTimeOnly_defaultsAreDocumentedAndOverridable() {
        assertThat(InstallTimeOnly.defaults()).containsKeys("dpkg", "debconf", "perl-base", "dash", "bash",
                "init-system-helpers", "adduser", "ucf", "tar");
        assertThat(InstallTimeOnly.defaults().values()).allMatch(v -> !v.isBlank());
        Map<String, String> eff = InstallTimeOnly.effective(java.util.Set.of("tar"), java.util.Set.of("libx"));
        assertThat(eff).doesNotContainKey("tar").containsEntry("libx", "excluded by the spec");
    }
}
