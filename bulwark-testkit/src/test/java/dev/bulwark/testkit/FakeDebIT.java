package dev.bulwark.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The host's {@code dpkg-deb} accepts what FakeDeb writes. */
class FakeDebIT {
    @TempDir
    Path dir;

    @BeforeAll
    static void needsDpkgDeb() {
        boolean present = List.of(System.getenv().getOrDefault("PATH", "").split(":")).stream()
                .anyMatch(p -> Files.isExecutable(Path.of(p, "dpkg-deb")));
        if (!present && "true".equals(System.getenv("CI"))) {
            throw new AssertionError("dpkg-deb is required on CI (install the dpkg package)");
        }
        Assumptions.assumeTrue(present, "dpkg-deb not found on PATH; skipping FakeDebIT");
    }

    @ParameterizedTest
    @EnumSource(Compression.class)
    void dpkgDeb_acceptsInfoAndContents(Compression c) throws Exception {
        Path deb = dir.resolve("hello" + c.suffix() + ".deb");
        Files.write(deb, FakeDebTest.sample(c).bytes());

        String info = run("dpkg-deb", "--info", deb.toString());
        assertThat(info).contains("Package: hello", "Version: 1:2.10-3", "Depends: libc6 (>= 2.36)");
        assertThat(run("dpkg-deb", "--field", deb.toString(), "Installed-Size").trim()).isEqualTo("7");

        String contents = run("dpkg-deb", "--contents", deb.toString());
        assertThat(contents).contains("./usr/bin/hello", "./etc/hello.conf", "./usr/bin/hi -> hello",
                "./usr/bin/hello2 link to ./usr/bin/hello", "root/root");
        assertThat(contents.lines().filter(l -> l.contains("./usr/bin/hello")).findFirst().orElseThrow())
                .startsWith("-rwxr-xr-x");
    }

    @Test
    void dpkgDeb_extractsHostileNamesAsWritten() throws Exception {
        Path deb = dir.resolve("evil.deb");
        Files.write(deb, FakeDeb.builder("evil", "1.0", "all").rawEntryName("../escape", new byte[] {1})
                .device("dev/sda", true, 8, 0).build().bytes());
        String contents = run("dpkg-deb", "--contents", deb.toString());
        assertThat(contents).contains("../escape").contains("./dev/sda").contains("brw-rw----");
    }

    @Test
    void dpkgDeb_extractsLongPaths() throws Exception {
        String longPath = "usr/share/" + "d".repeat(120) + "/" + "f".repeat(90) + ".txt";
        String veryLong = "usr/" + "x".repeat(200) + ".txt";
        Path deb = dir.resolve("long.deb");
        Files.write(deb, FakeDeb.builder("long", "1.0", "all").file(longPath, new byte[] {1}, 0644)
                .file(veryLong, new byte[] {2}, 0644).build().bytes());
        Path out = dir.resolve("x");
        run("dpkg-deb", "-x", deb.toString(), out.toString());
        assertThat(out.resolve(longPath)).hasBinaryContent(new byte[] {1});
        assertThat(out.resolve(veryLong)).hasBinaryContent(new byte[] {2});
    }

    private static String run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("%s%n%s", String.join(" ", command), out).isZero();
        return out;
    }
}
