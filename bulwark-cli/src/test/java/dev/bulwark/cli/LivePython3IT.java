package dev.bulwark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulwark.oci.Platform;
import dev.bulwark.oci.image.Image;
import dev.bulwark.oci.transport.layout.LayoutSource;
import dev.bulwark.oci.rootfs.RootfsUnpacker;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Locks and builds examples/python3.yaml (trixie, amd64) against the live Debian archive from the host's apt sources,
 * runs it with bubblewrap, and has skopeo and umoci read the output.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LivePython3IT {

    @TempDir
    static Path dir;
    static Path spec;
    static String digest;

    @BeforeAll
    static void build() throws Exception {
        Files.copy(Tools.projectRoot().resolve("examples/python3.yaml"), dir.resolve("python3.yaml"));
        spec = dir.resolve("python3.yaml");
        CliRun lock = FakeArchiveCli.runRaw("lock", spec.toString(), "--arch", "amd64", "--cache",
                dir.resolve("cache1").toString());
        if (lock.exitCode() == 3) {
            Tools.missing("the Debian archive is not reachable: " + lock.err());
        }
        assertThat(lock.exitCode()).as(lock.err()).isZero();
        CliRun built = FakeArchiveCli.runRaw("build", spec.toString(), "--arch", "amd64", "--output",
                "oci:" + dir.resolve("py"), "--cache", dir.resolve("cache1").toString(), "--format", "json");
        assertThat(built.exitCode()).as(built.err()).isZero();
        digest = new ObjectMapper().readTree(built.out()).path("images").path("amd64").path("manifest").asText();
    }

    @Test
    @Order(1)
    void lock_holdsPython313AndLibcButNoInstallTimeOnlyPackages() throws Exception {
        JsonNode lock = new ObjectMapper().readTree(dir.resolve("python3.yaml.lock.json").toFile());
        List<String> names = new ArrayList<>();
        lock.path("archs").path("amd64").forEach(p -> names.add(p.path("name").asText()));
        assertThat(names).contains("python3.13", "libc6", "ca-certificates", "tzdata")
                .doesNotContain("dpkg", "debconf", "perl-base", "dash", "bash");
    }

    @Test
    @Order(2)
    void build_isReproducibleWithAnEmptyCache() throws Exception {
        CliRun again = FakeArchiveCli.runRaw("build", spec.toString(), "--arch", "amd64", "--output",
                "oci:" + dir.resolve("py2"), "--cache", dir.resolve("cache2").toString(), "--format", "json");
        assertThat(again.exitCode()).as(again.err()).isZero();
        assertThat(new ObjectMapper().readTree(again.out()).path("images").path("amd64").path("manifest").asText())
                .isEqualTo(digest);
    }

    @Test
    @Order(3)
    void run_appendsArgsToThePython3EntrypointAndPrintsTheNonrootUid() throws Exception {
        Tools.require("bwrap");
        // docker run semantics: the args after -- follow the image's entrypoint (/usr/bin/python3)
        Process p = new ProcessBuilder(javaCommand("run", "oci:" + dir.resolve("py"), "--",
                "-c", "print(1); import ssl, sqlite3, json, os; print(os.getuid()); "
                        + "print(ssl.create_default_context().cert_store_stats()['x509_ca'] > 100)"))
                .redirectErrorStream(true).start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out.lines()).containsExactly("1", "65532", "True");
    }

    @Test
    @Order(4)
    void image_hasNoShellNoDpkgNoSetuidAndNothingWorldWritableOutsideTmp() throws Exception {
        Image image = new LayoutSource(dir.resolve("py"), null).image(Platform.fromDebianArch("amd64"));
        Path rootfs = dir.resolve("rootfs");
        new RootfsUnpacker(rootfs, false).unpack(image);
        assertThat(rootfs.resolve("usr/bin/sh")).doesNotExist();
        assertThat(rootfs.resolve("usr/bin/bash")).doesNotExist();
        assertThat(rootfs.resolve("usr/bin/dpkg")).doesNotExist();
        List<String> bad = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(rootfs)) {
            for (Path p : walk.toList()) {
                if (Files.isSymbolicLink(p)) {
                    continue;
                }
                int mode = (Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 07777;
                String rel = "/" + rootfs.relativize(p);
                if ((mode & 06000) != 0 || (mode & 0002) != 0 && !rel.equals("/tmp")) {
                    bad.add(rel + " " + Integer.toOctalString(mode));
                }
            }
        }
        assertThat(bad).isEmpty();
    }

    @Test
    @Order(5)
    void skopeoAndUmociAcceptTheOutputAndDockerArchiveRoundTrips() throws Exception {
        Tools.require("skopeo");
        Tools.require("umoci");
        String inspect = exec("skopeo", "inspect", "oci:" + dir.resolve("py") + ":latest");
        assertThat(new ObjectMapper().readTree(inspect).path("Digest").asText()).isEqualTo(digest);
        exec("umoci", "unpack", "--image", dir.resolve("py") + ":latest", dir.resolve("bundle").toString());
        assertThat(dir.resolve("bundle/rootfs/usr/bin/python3.13")).exists();
        CliRun archive = FakeArchiveCli.runRaw("build", spec.toString(), "--arch", "amd64", "--output",
                "docker-archive:" + dir.resolve("py.tar") + ":python3:test", "--cache", dir.resolve("cache1").toString());
        assertThat(archive.exitCode()).as(archive.err()).isZero();
        exec("skopeo", "copy", "docker-archive:" + dir.resolve("py.tar"), "oci:" + dir.resolve("copied") + ":latest");
        Image original = new LayoutSource(dir.resolve("py"), null).image(Platform.fromDebianArch("amd64"));
        Image copied = new LayoutSource(dir.resolve("copied"), "latest").image(Platform.fromDebianArch("amd64"));
        assertThat(copied.manifest().config().digest()).isEqualTo(original.manifest().config().digest());
        assertThat(copied.config().diffIds()).isEqualTo(original.config().diffIds());
    }

    @Test
    @Order(6)
    void sbom_listsEveryPackageWithAPurlAndALicenseInBothFormats() throws Exception {
        Image image = new LayoutSource(dir.resolve("py"), null).image(Platform.fromDebianArch("amd64"));
        int installed = (int) dev.bulwark.oci.image.ImageFiles.read(image,
                dev.bulwark.debian.installed.InstalledPackages::isDatabaseFile).size();
        CliRun spdx = FakeArchiveCli.runRaw("sbom", "oci:" + dir.resolve("py"), "--format", "spdx-json",
                "-o", dir.resolve("py.spdx.json").toString());
        assertThat(spdx.exitCode()).as(spdx.err()).isZero();
        byte[] spdxBytes = Files.readAllBytes(dir.resolve("py.spdx.json"));
        dev.bulwark.attest.testing.Schemas.assertValidSpdx(spdxBytes);
        JsonNode doc = new ObjectMapper().readTree(spdxBytes);
        List<JsonNode> debs = new ArrayList<>();
        doc.path("packages").forEach(p -> {
            if (p.path("externalRefs").toString().contains("pkg:deb/debian/")) {
                debs.add(p);
            }
        });
        assertThat(debs).hasSize(installed);
        assertThat(debs).allSatisfy(p -> assertThat(p.path("licenseDeclared").asText()).as(p.path("name").asText())
                .isNotEqualTo("NOASSERTION"));
        CliRun cdx = FakeArchiveCli.runRaw("sbom", "oci:" + dir.resolve("py"), "--format", "cyclonedx-json",
                "-o", dir.resolve("py.cdx.json").toString());
        assertThat(cdx.exitCode()).as(cdx.err()).isZero();
        byte[] cdxBytes = Files.readAllBytes(dir.resolve("py.cdx.json"));
        dev.bulwark.attest.testing.Schemas.assertValidCycloneDx(cdxBytes);
        JsonNode bom = new ObjectMapper().readTree(cdxBytes);
        List<JsonNode> components = new ArrayList<>();
        bom.path("components").forEach(components::add);
        assertThat(components).hasSize(installed).allSatisfy(c -> {
            assertThat(c.path("purl").asText()).startsWith("pkg:deb/debian/").contains("distro=debian-13");
            assertThat(c.path("licenses")).as(c.path("name").asText()).isNotEmpty();
        });
    }

    private static String exec(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(String.join(" ", command) + "\n" + out).isZero();
        return out;
    }

    private static List<String> javaCommand(String... args) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        cmd.addAll(List.of(args));
        return cmd;
    }
}
