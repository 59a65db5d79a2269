package dev.bulwark.spec;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SpecParserTest {
    private final SpecParser parser = new SpecParser();

    @Test
    void parse_fillsDefaultsForMinimalBaseSpec() throws SpecException {
        Spec spec = parser.parse("name: tiny\ndistribution: trixie\npackages: [base-files]\n", Path.of("tiny.yaml"));

        assertThat(spec.archs()).containsExactly("amd64");
        assertThat(spec.suites()).containsExactly("trixie", "trixie-updates", "trixie-security");
        assertThat(spec.components()).containsExactly("main");
        assertThat(spec.exclude()).isEmpty();
        assertThat(spec.include()).isEmpty();
        assertThat(spec.keyrings()).isEmpty();
        assertThat(spec.accounts()).isEqualTo(Accounts.defaults());
        assertThat(spec.accounts().runAs()).isEqualTo("nonroot");
        assertThat(spec.accounts().users()).extracting(Accounts.User::name, Accounts.User::uid)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("root", 0),
                        org.assertj.core.groups.Tuple.tuple("nobody", 65534),
                        org.assertj.core.groups.Tuple.tuple("nonroot", 65532));
        assertThat(spec.environment()).containsExactly(Map.entry("PATH", Spec.DEFAULT_PATH));
        assertThat(spec.entrypoint()).isEmpty();
        assertThat(spec.cmd()).isEmpty();
        assertThat(spec.workdir()).isEqualTo("/home/nonroot");
        assertThat(spec.paths()).isEmpty();
        assertThat(spec.strip()).containsExactly("docs", "man", "locales");
        assertThat(spec.annotations()).isEmpty();
        assertThat(spec.labels()).isEmpty();
        assertThat(spec.variant()).isEqualTo("runtime");
        assertThat(spec.base()).isNull();
        assertThat(spec.isCustomization()).isFalse();
        assertThat(spec.file()).isEqualTo(Path.of("tiny.yaml"));
        assertThat(spec.excludedPackages()).isEqualTo(dev.bulwark.debian.resolve.InstallTimeOnly.defaults());
    }

    @Test
    void parse_keepsExplicitEmptyListsAndOverridesPath() throws SpecException {
        Spec spec = parser.parse("""
                name: tiny
                distribution: bookworm
                packages: [base-files]
                strip: []
                suites: [bookworm]
                environment: { PATH: /bin, PORT: 8080, DEBUG: true }
                """, null);

        assertThat(spec.strip()).isEmpty();
        assertThat(spec.suites()).containsExactly("bookworm");
        assertThat(spec.environment()).containsExactly(
                Map.entry("PATH", "/bin"), Map.entry("PORT", "8080"), Map.entry("DEBUG", "true"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "python3,                              python3,  ",
            "python3=3.13.5-1,                     python3,  3.13.5-1",
            "zlib1g=1:1.3.dfsg+really1.3.1-1+b1,   zlib1g,   1:1.3.dfsg+really1.3.1-1+b1",
            "libstdc++6=14.2.0-19,                 libstdc++6, 14.2.0-19",
            "openssl=3.5.9-1~deb13u1,              openssl,  3.5.9-1~deb13u1",
            "tzdata=2026f-0+deb13u1,               tzdata,   2026f-0+deb13u1",
            "netbase=6.5,                          netbase,  6.5",
            "foo=1.0-rc1-2,                        foo,      1.0-rc1-2"})
    void packageRequest_parsesNameAndPin(String text, String name, String version) throws SpecException {
        PackageRequest request = PackageRequest.parse(text);

        assertThat(request).isEqualTo(new PackageRequest(name, version));
        assertThat(request.toString()).isEqualTo(text);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "a|invalid package name 'a'",
            "Foo|invalid package name 'Foo'",
            "foo_bar|invalid package name 'foo_bar'",
            "foo:amd64|invalid package name 'foo:amd64'",
            "foo=|missing version after '='",
            "foo=1.0:2|the epoch before ':' must be a number",
            "foo=1:x.0|the upstream version must start with a digit",
            "foo=:1.0|the epoch before ':' must be a number",
            "foo=1.0-|the revision after the last '-'",
            "foo=1.0 2|the upstream version"})
    void packageRequest_rejectsBadNameOrPin(String text, String problem) {
        assertThatThrownBy(() -> PackageRequest.parse(text))
                .isInstanceOf(SpecException.class)
                .hasMessageStartingWith("cannot parse package request '" + text + "': ")
                .hasMessageContaining(problem);
    }

    @Test
    void parse_readsPinsInOrder() throws SpecException {
        Spec spec = parser.parse("name: x\ndistribution: trixie\npackages: [tzdata=2026f-0+deb13u1, python3]\n", null);

        assertThat(spec.packages()).containsExactly(
                new PackageRequest("tzdata", "2026f-0+deb13u1"), new PackageRequest("python3", null));
    }

    @Test
    void parse_resolvesKeyringsAgainstSpecFolder(@TempDir Path dir) throws IOException, SpecException {
        // Relative keyrings stay inside the spec's folder (SpecSourceConfinementTest); absolute ones are host paths.
        Files.createDirectories(dir.resolve("specs/keys"));
        Files.writeString(dir.resolve("specs/keys/extra.asc"), "key");
        Files.writeString(dir.resolve("abs.gpg"), "key");
        Path file = dir.resolve("specs/app.yaml");
        Files.writeString(file, "name: x\ndistribution: trixie\npackages: [a0]\n"
                + "keyrings: [keys/extra.asc, '" + dir.resolve("specs/../abs.gpg") + "']\n");

        Spec spec = parser.parse(file);

        assertThat(spec.keyrings()).containsExactly(
                dir.resolve("specs/keys/extra.asc").toRealPath().toString(),
                dir.resolve("abs.gpg").toString());
    }

    @Test
    void parse_relativeFileResolvesAgainstItsOwnFolder(@TempDir Path dir) throws IOException, SpecException {
        Files.writeString(dir.resolve("k.asc"), "key");
        Files.writeString(dir.resolve("s.yaml"), "name: x\ndistribution: trixie\npackages: [a0]\nkeyrings: [k.asc]\n");
        Path relative = Path.of("").toAbsolutePath().relativize(dir.resolve("s.yaml"));

        assertThat(parser.parse(relative).keyrings()).containsExactly(dir.resolve("k.asc").toString());
    }

    @Test
    void parse_readsCustomizationWithAccountsAndPaths(@TempDir Path dir) throws IOException, SpecException {
        Files.writeString(dir.resolve("parent.yaml"), "name: p\ndistribution: trixie\npackages: [a0]\n");
        Files.writeString(dir.resolve("main.py"), "print(1)\n");
        Files.writeString(dir.resolve("app.yaml"), """
                name: app
                base: parent.yaml
                accounts:
                  run-as: app
                  users: [{ name: app, uid: 10001 }, { name: nonroot, uid: 65532, home: /srv }]
                  groups: [{ name: staff, gid: 50, members: [app] }]
                paths:
                  - { path: /app, type: directory, uid: 10001, gid: 10001 }
                  - { path: /app/main.py, type: file, source: main.py, mode: 0o600 }
                  - { path: /app/inline, type: file, content: "hi", mode: "0640" }
                  - { path: /app/link, type: symlink, target: main.py }
                """);

        Spec spec = parser.parse(dir.resolve("app.yaml"));

        assertThat(spec.base()).isEqualTo(dir.resolve("parent.yaml").toString());
        assertThat(spec.distribution()).isNull();
        assertThat(spec.suites()).isEmpty();
        assertThat(spec.archs()).as("no archs written: every arch of the base").isEmpty();
        assertThat(spec.isCustomization()).isTrue();
        assertThat(spec.accounts().runAsUser()).isEqualTo(new Accounts.User("app", 10001, 10001, "/home/app", "/sbin/nologin"));
        assertThat(spec.accounts().users()).extracting(Accounts.User::name).containsExactly("root", "nobody", "nonroot", "app");
        assertThat(spec.accounts().users().get(2).home()).isEqualTo("/srv");
        assertThat(spec.accounts().groups()).extracting(Accounts.Group::name)
                .containsExactly("root", "nobody", "nonroot", "staff", "app");
        assertThat(spec.workdir()).isEqualTo("/home/app");
        assertThat(spec.paths()).containsExactly(
                new PathEntry("/app", PathEntry.Type.DIRECTORY, null, null, null, 10001, 10001, 0755),
                new PathEntry("/app/main.py", PathEntry.Type.FILE, dir.resolve("main.py").toString(), null, null, 0, 0, 0600),
                new PathEntry("/app/inline", PathEntry.Type.FILE, null, "hi", null, 0, 0, 0640),
                new PathEntry("/app/link", PathEntry.Type.SYMLINK, null, null, "main.py", 0, 0, 0777));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"oci:out/python3", "docker://registry.example/python3@sha256:0123", "oci:specs/x.yaml"})
    void parse_keepsImageReferenceBaseAsWritten(String reference) throws SpecException {
        assertThat(parser.parse("name: x\nbase: \"" + reference + "\"\n", null).base()).isEqualTo(reference);
    }

    @Test
    void parse_readsFromFileWithByteOrderMark(@TempDir Path dir) throws IOException, SpecException {
        Path file = dir.resolve("bom.yaml");
        Files.write(file, ("\uFEFFname: x\ndistribution: trixie\npackages: [a0]\n").getBytes(StandardCharsets.UTF_8));

        assertThat(parser.parse(file).name()).isEqualTo("x");
    }

    @Test
    void parse_reportsMissingFile(@TempDir Path dir) {
        Path file = dir.resolve("nope.yaml");

        assertThatThrownBy(() -> parser.parse(file)).isInstanceOf(SpecException.class)
                .hasMessage("cannot read spec " + file + ": no such file");
    }

    @Test
    void parse_reportsFileThatIsNotUtf8(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("latin1.yaml");
        Files.write(file, new byte[]{'n', 'a', 'm', 'e', ':', ' ', (byte) 0xe9, '\n'});

        assertThatThrownBy(() -> parser.parse(file)).isInstanceOf(SpecException.class)
                .hasMessage("cannot read spec " + file + ": the file is not UTF-8");
    }

    @Test
    void parse_rejectsAliasBombs() {
        StringBuilder yaml = new StringBuilder("name: x\ndistribution: trixie\npackages: [a0]\nlabels:\n  a0: &a0 [x, x]\n");
        for (int i = 1; i < 30; i++) {
            yaml.append("  a").append(i).append(": &a").append(i).append(" [*a").append(i - 1).append(", *a")
                    .append(i - 1).append("]\n");
        }
        assertThatThrownBy(() -> parser.parse(yaml.toString(), Path.of("bomb.yaml")))
                .isInstanceOf(SpecException.class).hasMessageStartingWith("cannot read spec bomb.yaml");
    }

    @Test
    void sha256_hashesExactBytes(@TempDir Path dir) throws IOException, SpecException {
        Path file = dir.resolve("s.yaml");
        Files.writeString(file, "abc");

        assertThat(SpecParser.sha256(file))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    @Test
    void parse_carriesTheFilesExactBytesAndDigest_soNothingReadsItAgain(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("s.yaml");
        String yaml = "# caf\u00e9 \r\nname: x\r\ndistribution: trixie\r\npackages: [a0]\r\n";
        Files.writeString(file, yaml);
        String expected = SpecParser.sha256(file);

        Spec spec = parser.parse(file);
        Files.delete(file);

        assertThat(spec.sha256()).isEqualTo(expected);
        assertThat(spec.text()).isEqualTo(yaml);
        assertThat(spec.source().bytes()).isEqualTo(yaml.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    @Test
    void spec_builtInCode_hasNoDigestAndSaysSo() {
        Spec spec = new Spec("x", null, "trixie", null, null, List.of(new PackageRequest("a0", null)), null, null,
                null, null, null, null, null, null, null, null, null, null, null, null, null, null);
        assertThat(spec.source()).isNull();
        assertThatThrownBy(spec::sha256).isInstanceOf(IllegalStateException.class).hasMessageContaining("SpecParser");
    }

    @Test
    void excludedPackages_appliesIncludeAndExclude() throws SpecException {
        Spec spec = parser.parse("name: x\ndistribution: trixie\npackages: [a0]\n"
                + "include: [dash, openssl]\nexclude: [util-linux]\n", null);

        assertThat(spec.excludedPackages()).containsKeys("dpkg", "debconf", "util-linux").doesNotContainKeys("dash", "openssl");
    }

    @Test
    void spec_constructorFillsDefaultsForNulls() {
        Spec spec = new Spec("x", null, "trixie", null, null, List.of(new PackageRequest("a0", null)), null, null,
                null, null, null, null, null, null, null, null, null, null, null, null, null, null);

        assertThat(spec).isEqualTo(new Spec("x", null, "trixie", null, List.of("amd64"),
                List.of(new PackageRequest("a0", null)), List.of(), List.of(),
                List.of("trixie", "trixie-updates", "trixie-security"), List.of("main"), List.of(),
                Accounts.defaults(), Map.of("PATH", Spec.DEFAULT_PATH), List.of(), List.of(), "/home/nonroot",
                List.of(), List.of("docs", "man", "locales"), Map.of(), Map.of(), "runtime", null));
    }
}
