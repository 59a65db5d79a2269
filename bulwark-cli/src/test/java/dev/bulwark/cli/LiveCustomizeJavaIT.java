package dev.bulwark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.oci.Platform;
import dev.bulwark.oci.image.Image;
import dev.bulwark.oci.transport.layout.LayoutSource;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Java service of examples/custom/java-app.yaml on the live Debian archive (amd64): the reactor has built
 * examples/custom/java-app (its jar and its one Maven dependency, jackson-core); this builds examples/java.yaml to a
 * layout, then the customization, runs {@code java -jar} in the sandbox as the app's user, and reads the SBOM for the
 * jar and its dependency as {@code pkg:maven} components. The copy of the spec names this test's layout as its base.
 */
class LiveCustomizeJavaIT {

    @TempDir
    static Path dir;
    static Path app;

    @BeforeAll
    static void build() throws Exception {
        Path jar = Tools.projectRoot().resolve("examples/custom/java-app/target/java-app.jar");
        Path lib = Tools.projectRoot().resolve("examples/custom/java-app/target/lib/jackson-core.jar");
        assertThat(jar).as("the reactor builds examples/custom/java-app before the CLI's ITs").isRegularFile();
        assertThat(lib).isRegularFile();
        Files.copy(Tools.projectRoot().resolve("examples/java.yaml"), dir.resolve("java.yaml"));
        Files.copy(Tools.projectRoot().resolve("examples/java.yaml.lock.json"), dir.resolve("java.yaml.lock.json"));
        CliRun base = FakeArchiveCli.runRaw("build", dir.resolve("java.yaml").toString(), "--arch", "amd64",
                "--output", "oci:" + dir.resolve("out/java"), "--cache", Tools.liveCache().toString());
        if (base.exitCode() == 3) {
            Tools.missing("the Debian archive is not reachable: " + base.err());
        }
        assertThat(base.exitCode()).as(base.err()).isZero();
        Path target = Files.createDirectories(dir.resolve("custom/java-app/target/lib"));
        Files.copy(jar, target.getParent().resolve("java-app.jar"));
        Files.copy(lib, target.resolve("jackson-core.jar"));
        app = dir.resolve("custom/java-app.yaml");
        String spec = Files.readString(Tools.projectRoot().resolve("examples/custom/java-app.yaml"));
        assertThat(spec).contains("\nbase: oci:out/java:latest\n");
        Files.writeString(app, spec.replace("\nbase: oci:out/java:latest\n",
                "\nbase: oci:" + dir.resolve("out/java") + ":latest\n"));
        CliRun built = FakeArchiveCli.runRaw("build", app.toString(), "--output", "oci:" + dir.resolve("out/app"),
                "--cache", Tools.liveCache().toString());
        assertThat(built.exitCode()).as(built.err()).isZero();
    }

    @Test
    void run_startsTheServiceWithJavaJarAsItsOwnUser() throws Exception {
        Tools.require("bwrap");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName(), "run", "oci:" + dir.resolve("out/app")));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        assertThat(p.waitFor(180, TimeUnit.SECONDS)).isTrue();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).contains("{\"hello\":\"from java-app\",\"java\":\"21.").contains("\"user\":\"app\"");
    }

    @Test
    void sbom_listsTheJarAndItsMavenDependencyBesidesTheDebianPackages() throws Exception {
        for (String format : List.of("spdx-json", "cyclonedx-json")) {
            Path out = dir.resolve("app." + format);
            CliRun sbom = FakeArchiveCli.runRaw("sbom", "oci:" + dir.resolve("out/app"), "--format", format,
                    "-o", out.toString());
            assertThat(sbom.exitCode()).as(sbom.err()).isZero();
            assertThat(Files.readString(out)).as(format)
                    .contains("pkg:maven/dev.bulwark/bulwark-example-java-app@0.1.0-SNAPSHOT")
                    .contains("pkg:maven/com.fasterxml.jackson.core/jackson-core@")
                    .contains("/app/lib/jackson-core.jar").contains("pkg:deb/debian/openjdk-21-jre-headless@");
        }
    }

    @Test
    void structureTests_ofTheExamplePass() throws Exception {
        Tools.require("bwrap");
        CliRun test = FakeArchiveCli.runRaw("test", "oci:" + dir.resolve("out/app"), "--config",
                Tools.projectRoot().resolve("examples/custom/tests/java-app.yaml").toString());
        assertThat(test.exitCode()).as(test.out() + test.err()).isZero();
    }

    @Test
    void image_keepsTheBaseLayersAndAddsItsOwn() throws Exception {
        Image base = new LayoutSource(dir.resolve("out/java"), "latest").image(Platform.fromDebianArch("amd64"));
        Image custom = new LayoutSource(dir.resolve("out/app"), "latest").image(Platform.fromDebianArch("amd64"));
        assertThat(custom.manifest().layers().subList(0, base.layers().size())).isEqualTo(base.manifest().layers());
        assertThat(custom.layers()).hasSizeGreaterThan(base.layers().size());
    }
}
