package dev.bulwark.debian.installed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.debian.control.ControlParseException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class InstalledPackagesTest {

    private static final String STATUS = """
            Package: libssl3
            Status: install ok installed
            Architecture: amd64
            Source: openssl
            Version: 3.0.15-1~deb12u1
            Maintainer: Debian OpenSSL Team <pkg-openssl-devel@alioth-lists.debian.net>

            Package: libgcc-s1
            Status: install ok installed
            Architecture: amd64
            Source: gcc-12 (12.2.0-14)
            Version: 12.2.0-14

            Package: libc-bin
            Status: deinstall ok config-files
            Architecture: amd64
            Source: glibc
            Version: 2.36-9+deb12u10

            Package: bash
            Status: install ok installed
            Architecture: amd64
            Version: 5.2.15-2+b7

            Package: e2fslibs
            Status: install ok installed
            Architecture: amd64
            Source: e2fsprogs
            Version: 1.43.4-2
            """;

    @ParameterizedTest
    @CsvSource({
            "libssl3,   3.0.15-1~deb12u1, openssl,   3.0.15-1~deb12u1",
            "libgcc-s1, 12.2.0-14,        gcc-12,    12.2.0-14",
            "bash,      5.2.15-2+b7,      bash,      5.2.15-2+b7",
            "e2fslibs,  1.43.4-2,         e2fsprogs, 1.43.4-2",
    })
    void parseStatus_mapsBinaryToSource(String name, String version, String source, String sourceVersion)
            throws Exception {
        InstalledPackage p = InstalledPackages.parseStatus(STATUS, "status").stream()
                .filter(x -> x.name().equals(name)).findFirst().orElseThrow();
        assertThat(p.version()).hasToString(version);
        assertThat(p.source()).isEqualTo(source);
        assertThat(p.sourceVersion()).hasToString(sourceVersion);
        assertThat(p.architecture()).isEqualTo("amd64");
    }

    @Test
    void parseStatus_skipsPackagesNotFullyInstalled() throws Exception {
        assertThat(InstalledPackages.parseStatus(STATUS, "status")).extracting(InstalledPackage::name)
                .containsExactly("bash", "e2fslibs", "libgcc-s1", "libssl3");
    }

    @Test
    void parse_statusD_readsEntriesAndIgnoresMd5sums() throws Exception {
        Map<String, String> files = Map.of(
                "/var/lib/dpkg/status.d/libssl1.1", """
                        Package: libssl1.1
                        Version: 1.1.0k-1~deb9u1
                        Architecture: amd64
                        Source: openssl
                        """,
                "/var/lib/dpkg/status.d/libssl1.1.md5sums", "0123  usr/lib/x\n",
                "/var/lib/dpkg/status.d/base-files", """
                        Package: base-files
                        Status: install ok installed
                        Version: 12.4+deb12u11
                        Architecture: amd64
                        """);
        List<InstalledPackage> all = InstalledPackages.parse(files);
        assertThat(all).extracting(InstalledPackage::id)
                .containsExactly("base-files=12.4+deb12u11", "libssl1.1=1.1.0k-1~deb9u1");
        assertThat(all.get(1).source()).isEqualTo("openssl");
    }

    @ParameterizedTest
    @CsvSource({
            "/var/lib/dpkg/status, true",
            "/var/lib/dpkg/status.d/zlib1g, true",
            "/var/lib/dpkg/status.d/zlib1g.md5sums, false",
            "/var/lib/dpkg/status.d/, false",
            "/var/lib/dpkg/status-old, false",
            "/var/lib/dpkg/status.d/sub/x, false",
    })
    void isDatabaseFile_selectsStatusAndStatusDEntries(String path, boolean expected) {
        assertThat(InstalledPackages.isDatabaseFile(path)).isEqualTo(expected);
    }

    @Test
    void parseStatus_badVersion_namesFileAndLine() {
        assertThatThrownBy(() -> InstalledPackages.parseStatus("Package: x\nStatus: install ok installed\nVersion: 1:\n",
                "/r/var/lib/dpkg/status")).isInstanceOf(ControlParseException.class)
                .hasMessageContaining("/r/var/lib/dpkg/status:1");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "ID=debian\\nVERSION_ID=\"12\"\\nVERSION_CODENAME=bookworm\\nPRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\" | debian | 12 | bookworm | Debian GNU/Linux 12 (bookworm)",
            "PRETTY_NAME='Debian GNU/Linux trixie/sid'\\nID=debian\\n# comment\\nbad line                  | debian |    |          | Debian GNU/Linux trixie/sid",
            "ID=\"distro\\\"x\"  | distro\"x | | |",
    })
    void osRelease_parse_readsQuotedFields(String text, String id, String versionId, String codename, String pretty) {
        OsRelease r = OsRelease.parse(text.replace("\\n", "\n"));
        assertThat(r.id()).isEqualTo(id);
        assertThat(r.versionId()).isEqualTo(versionId == null ? "" : versionId);
        assertThat(r.versionCodename()).isEqualTo(codename == null ? "" : codename);
        assertThat(r.prettyName()).isEqualTo(pretty == null ? "" : pretty);
    }
}
