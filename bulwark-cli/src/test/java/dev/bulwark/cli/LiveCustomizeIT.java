package dev.bulwark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulwark.oci.Platform;
import dev.bulwark.oci.image.Image;
import dev.bulwark.oci.transport.layout.LayoutSource;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
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
 * Customizes python3 as examples/custom/python3-app.yaml does, against the live Debian archive (amd64): builds
 * examples/python3.yaml to a layout (with its provenance), then the customization twice from empty caches, runs the
 * app in the sandbox and reads its SBOM. The example's {@code base: oci:out/python3:latest} is relative to the
 * working directory; the copy here names this test's layout instead, the one line that differs.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LiveCustomizeIT {

    @TempDir
    static Path dir;
    static Path app;
    static String digest;

    @BeforeAll
    static void build() throws Exception {
        Files.copy(Tools.projectRoot().resolve("examples/python3.yaml"), dir.resolve("python3.yaml"));
        CliRun base = FakeArchiveCli.runRaw("build", dir.resolve("python3.yaml").toString(), "--arch", "amd64",
                "--output", "oci:" + dir.resolve("out/python3"), "--cache", dir.resolve("cache1").toString());
        if (base.exitCode() == 3) {
            Tools.missing("the Debian archive is not reachable: " + base.err());
        }
        assertThat(base.exitCode()).as(base.err()).isZero();
        Path custom = Files.createDirectories(dir.resolve("custom/app"));
        try (Stream<Path> files = Files.list(Tools.projectRoot().resolve("examples/custom/app"))) {
            for (Path f : files.toList()) {
                Files.copy(f, custom.resolve(f.getFileName()));
            }
        }
        app = dir.resolve("custom/python3-app.yaml");
        String spec = Files.readString(Tools.projectRoot().resolve("examples/custom/python3-app.yaml"));
        assertThat(spec).contains("\nbase: oci:out/python3:latest\n");
        Files.writeString(app, spec.replace("\nbase: oci:out/python3:latest\n",
                "\nbase: oci:" + dir.resolve("out/python3") + ":latest\n"));
        digest = build("app1", "cache1");
    }

    private static String build(String out, String cache) throws Exception {
        CliRun built = FakeArchiveCli.runRaw("build", app.toString(), "--output", "oci:" + dir.resolve(out), "--cache",
                dir.resolve(cache).toString(), "--format", "json");
        assertThat(built.exitCode()).as(built.err()).isZero();
        return new ObjectMapper().readTree(built.out()).path("images").path("amd64").path("manifest").asText();
    }

    private static Image image(String layout) throws Exception {
        return new LayoutSource(dir.resolve(layout), "latest").image(Platform.fromDebianArch("amd64"));
    }

    @Test
    @Order(1)
    void build_isReproducibleFromAnEmptyCacheAndKeepsTheBaseLayers() throws Exception {
        assertThat(build("app2", "cache2")).isEqualTo(digest);
        Image base = image("out/python3");
        Image custom = image("app1");
        assertThat(custom.manifest().layers().subList(0, base.layers().size())).isEqualTo(base.manifest().layers());
        assertThat(custom.layers()).hasSizeGreaterThan(base.layers().size());
        assertThat(custom.manifest().annotations()).containsEntry("org.opencontainers.image.base.digest",
                base.digest().toString());
        JsonNode lock = new ObjectMapper().readTree(dir.resolve("custom/python3-app.yaml.lock.json").toFile());
        List<String> added = new ArrayList<>();
        lock.path("archs").path("amd64").forEach(p -> added.add(p.path("name").asText()));
        assertThat(added).contains("python3-yaml").doesNotContain("python3", "libc6", "python3.13");
        assertThat(lock.path("lockfileVersion").asInt()).isEqualTo(2);
    }

    @Test
    @Order(2)
    void run_startsTheAppAsItsOwnUserAndImportsTheAddedPackage() throws Exception {
        Tools.require("bwrap");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName(), "run", "oci:" + dir.resolve("app1")));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).contains("hello from python3-app (uid 10001, PyYAML ");
    }

    @Test
    @Order(2)
    void structureTests_ofTheExamplePass() throws Exception {
        Tools.require("bwrap");
        CliRun test = FakeArchiveCli.runRaw("test", "oci:" + dir.resolve("app1"), "--config",
                Tools.projectRoot().resolve("examples/custom/tests/python3-app.yaml").toString());
        assertThat(test.exitCode()).as(test.out() + test.err()).isZero();
    }

    @Test
    @Order(3)
    void sbom_listsTheAddedPackageBesidesTheBasePackages() throws Exception {
        CliRun spdx = FakeArchiveCli.runRaw("sbom", "oci:" + dir.resolve("app1"), "--format", "spdx-json",
                "-o", dir.resolve("app.spdx.json").toString());
        assertThat(spdx.exitCode()).as(spdx.err()).isZero();
        String doc = Files.readString(dir.resolve("app.spdx.json"));
        assertThat(doc).contains("pkg:deb/debian/python3-yaml@", "pkg:deb/debian/libc6@");
    }

    @Test
    @Order(4)
    void devVariant_runsAShellCommandWhileItsRuntimeTwinHasNoShell() throws Exception {
        Tools.require("bwrap");
        Path devSpec = dir.resolve("python3-dev.yaml");
        String spec = Files.readString(Tools.projectRoot().resolve("examples/python3-dev.yaml"));
        assertThat(spec).contains("\nbase: python3.yaml\n");
        Files.writeString(devSpec, spec.replace("\nbase: python3.yaml\n", "\nbase: oci:" + dir.resolve("out/python3")
                + ":latest\n"));
        CliRun built = FakeArchiveCli.runRaw("build", devSpec.toString(), "--output", "oci:" + dir.resolve("out/python3"),
                "--cache", dir.resolve("cache1").toString());
        assertThat(built.exitCode()).as(built.err()).isZero();
        String probe = "import shutil, subprocess; print(shutil.which('sh')); "
                + "print(subprocess.run(['sh', '-c', 'echo shell as $(id -u)'], capture_output=True, text=True).stdout)"
                + " if shutil.which('sh') else None";
        assertThat(run("oci:" + dir.resolve("out/python3") + ":latest-dev", probe))
                .contains("/usr/bin/sh", "shell as 65532");
        assertThat(run("oci:" + dir.resolve("out/python3") + ":latest", probe).lines().findFirst()).hasValue("None");
    }

    private static String run(String ref, String python) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName(), "run", ref, "--", "-c", python));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }
}
