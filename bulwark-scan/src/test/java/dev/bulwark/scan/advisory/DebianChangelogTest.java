package dev.bulwark.scan.advisory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.debian.version.DebianVersion;
import java.io.StringReader;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** "Since installed" read by position on the real openjdk-21 excerpt (test resources {@code vulns/changelogs/}). */
class DebianChangelogTest {

    record Case(String installed, DebianChangelog.Anchor anchor, List<String> versions, int cves) {
    }

    static List<Case> cases() {
        return List.of(
                // The trixie point release: its own ~deb13u2 entry is not carried forward; 21.0.13+9-1 stands in.
                new Case("21.0.13+9-1~deb13u2", DebianChangelog.Anchor.BACKPORT_BASE_ENTRY,
                        List.of("21.0.13.1+2-1~deb13u1", "21.0.13.1+2-1", "21.0.13.0.3+1-1"), 10),
                // The installed version's own entry is present: everything above it.
                new Case("21.0.13.0.3+1-1", DebianChangelog.Anchor.INSTALLED_ENTRY,
                        List.of("21.0.13.1+2-1~deb13u1", "21.0.13.1+2-1"), 9),
                new Case("21.0.13.1+2-1~deb13u1", DebianChangelog.Anchor.INSTALLED_ENTRY, List.of(), 0),
                // Neither entry (a version that never existed): entries sorting above it.
                new Case("21.0.13.0.5+1-1", DebianChangelog.Anchor.VERSION_ORDER,
                        List.of("21.0.13.1+2-1~deb13u1", "21.0.13.1+2-1"), 9));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void since_readsEntriesAboveTheInstalledPosition(Case c) throws Exception {
        String text = ChangelogSourceTest.changelog("openjdk-21_21.0.13.1+2-1~deb13u1.changelog");
        DebianChangelog.Since s = DebianChangelog.since(new StringReader(text), DebianVersion.parse(c.installed()));
        assertThat(s.anchor()).isEqualTo(c.anchor());
        assertThat(s.versions()).map(Object::toString).containsExactlyElementsOf(c.versions());
        assertThat(s.mentions()).hasSize(c.cves());
        assertThat(s.mentions().values()).allSatisfy(m -> assertThat(m.urgency()).isEqualTo("medium"));
    }

    @ParameterizedTest
    @MethodSource("backports")
    void backportBase_stripsTheRebuildSuffix(String version, String base) throws Exception {
        assertThat(DebianChangelog.backportBase(DebianVersion.parse(version)).map(Object::toString).orElse("-")).isEqualTo(base);
    }

    static List<org.junit.jupiter.params.provider.Arguments> backports() {
        return List.of(
                org.junit.jupiter.params.provider.Arguments.of("21.0.13+9-1~deb13u2", "21.0.13+9-1"),
                org.junit.jupiter.params.provider.Arguments.of("1:2.4-1~bpo12+1", "1:2.4-1"),
                org.junit.jupiter.params.provider.Arguments.of("3.0.17-1+deb12u1", "-"),
                org.junit.jupiter.params.provider.Arguments.of("1.0~rc1-1", "-"));
    }
}
