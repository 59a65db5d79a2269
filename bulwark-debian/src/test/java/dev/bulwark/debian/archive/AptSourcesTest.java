package dev.bulwark.debian.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AptSourcesTest {

    @TempDir
    Path apt;

    @Test
    void deb822_readsUrisSuitesAndSkipsDisabledStanzas() {
        var entries = AptSources.parseDeb822("""
                Types: deb deb-src
                URIs: http://mirror.example/debian
                Suites: trixie trixie-updates
                Components: main contrib

                # a comment
                Types: deb
                URIs: http://mirror.example/debian-security
                Suites: trixie-security
                Components: main

                Types: deb
                Enabled: no
                URIs: http://off.example/debian
                Suites: trixie
                """, "x.sources");
        assertThat(entries).hasSize(2);
        assertThat(entries.get(0).uri()).isEqualTo(URI.create("http://mirror.example/debian/"));
        assertThat(entries.get(0).suites()).containsExactly("trixie", "trixie-updates");
        assertThat(entries.get(1).origin()).isEqualTo("x.sources:7");
    }

    @Test
    void oneLine_readsDebLinesWithOptions() {
        var entries = AptSources.parseList("""
                # comment
                deb [arch=amd64 signed-by=/k.gpg] https://mirror.example/debian bookworm main
                deb-src http://mirror.example/debian bookworm main
                deb http://security.example/debian-security bookworm-security main # trailing
                """, "sources.list");
        assertThat(entries).extracting(AptSources.Entry::suites).containsExactly(
                java.util.List.of("bookworm"), java.util.List.of("bookworm-security"));
    }

    @Test
    void mirror_comesFromTheFlagThenTheEnvironmentThenAptSources() throws Exception {
        Files.createDirectories(apt.resolve("sources.list.d"));
        Files.writeString(apt.resolve("sources.list.d/debian.sources"), """
                Types: deb
                URIs: http://apt.example/debian
                Suites: bookworm bookworm-updates
                Components: main

                Types: deb
                URIs: http://apt.example/debian-security
                Suites: bookworm-security
                Components: main
                """);
        Files.writeString(apt.resolve("sources.list.d/other.sources"), """
                Types: deb
                URIs: https://vendor.example/apt
                Suites: nodistro
                Components: main
                """);
        MirrorConfig fromApt = MirrorConfig.resolve(null, null, Map.of(), apt);
        assertThat(fromApt.baseFor("trixie")).isEqualTo(URI.create("http://apt.example/debian/"));
        assertThat(fromApt.baseFor("trixie-security")).isEqualTo(URI.create("http://apt.example/debian-security/"));
        MirrorConfig fromEnv = MirrorConfig.resolve(null, null, Map.of("BULWARK_MIRROR", "http://env.example/d"), apt);
        assertThat(fromEnv.baseFor("trixie-security")).isEqualTo(URI.create("http://env.example/d/"));
        MirrorConfig fromFlag = MirrorConfig.resolve("http://flag.example/d", "http://sec.example/s",
                Map.of("BULWARK_MIRROR", "http://env.example/d"), apt);
        assertThat(fromFlag.baseFor("trixie")).isEqualTo(URI.create("http://flag.example/d/"));
        assertThat(fromFlag.baseFor("trixie-security")).isEqualTo(URI.create("http://sec.example/s/"));
    }

    @Test
    void mirror_missingEverywhereSaysHowToGiveOne() {
        assertThatThrownBy(() -> MirrorConfig.resolve(null, null, Map.of(), apt))
                .hasMessageContaining("--mirror").hasMessageContaining("BULWARK_MIRROR");
        assertThatThrownBy(() -> MirrorConfig.resolve("ftp:/x", null, Map.of(), apt))
                .hasMessageContaining("cannot use mirror 'ftp:/x'");
    }
}
