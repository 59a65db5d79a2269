package dev.bulwark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.image.ImageSources;
import dev.bulwark.oci.Platform;
import dev.bulwark.oci.image.Image;
import dev.bulwark.oci.image.ImageConfig;
import dev.bulwark.oci.image.Images;
import dev.bulwark.oci.layer.Compression;
import dev.bulwark.oci.layer.LayerWriter;
import dev.bulwark.oci.layer.TarEntry;
import dev.bulwark.oci.transport.ImageWrite;
import dev.bulwark.oci.transport.layout.LayoutSink;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every verb that reads one platform of a two-platform image picks it by the same rule (PlatformChoice). */
class PlatformOptionsTest {
    @TempDir
    Path dir;
    private Path tracker;

    @BeforeEach
    void advisories() throws Exception {
        tracker = Files.writeString(dir.resolve("tracker.json"), """
                {"base-files": {"CVE-2099-0001": {"releases": {"trixie": {"status": "resolved", "fixed_version": "0",
                  "urgency": "low", "repositories": {"trixie": "13.8"}}}}}}
                """);
    }

    private CliRun run(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        if (all.get(0).equals("scan") || all.get(0).equals("vex")) {
            all.add(1, "--cache=" + dir.resolve("cache")); // the advisory cache stays in the test's directory
        }
        return CliRun.of(all.toArray(String[]::new));
    }

    private CliRun scan(String ref, String... more) {
        List<String> args = new ArrayList<>(List.of("scan", ref, "--advisories", tracker.toString(), "--format", "json"));
        args.addAll(List.of(more));
        return run(args.toArray(String[]::new));
    }

    /** An image for each platform, each with its own base-files entry (so each has its own digest). */
    private List<Image> write(String name, String... platforms) throws Exception {
        List<Image> images = new ArrayList<>();
        for (String platform : platforms) {
            Platform p = Platform.parse(platform);
            LayerWriter writer = new LayerWriter(Files.createDirectories(dir.resolve("w-" + name + images.size())), 0,
                    Compression.GZIP);
            var layer = writer.write(List.of(TarEntry.dir("/etc", 0755, 0, 0),
                    TarEntry.file("/etc/os-release", 0644, "ID=debian\nVERSION_ID=\"13\"\nVERSION_CODENAME=trixie\n"
                            .getBytes(StandardCharsets.UTF_8)),
                    TarEntry.dir("/var", 0755, 0, 0), TarEntry.dir("/var/lib", 0755, 0, 0),
                    TarEntry.dir("/var/lib/dpkg", 0755, 0, 0), TarEntry.dir("/var/lib/dpkg/status.d", 0755, 0, 0),
                    TarEntry.file("/var/lib/dpkg/status.d/base-files", 0644, ("Package: base-files\nVersion: 13.8\n"
                            + "Architecture: " + p.architecture() + "\n").getBytes(StandardCharsets.UTF_8))));
            images.add(Images.assemble(ImageConfig.forPlatform(p), List.of(layer), Map.of()));
        }
        new LayoutSink(dir.resolve(name), "1").write(new ImageWrite(images, Map.of()));
        return images;
    }

    @Test
    void scanAndSbom_ofTwoPlatformImageWithThisMachinesPlatform_bothTakeThisMachines() throws Exception {
        String host = ImageSources.hostArch();
        List<Image> images = write("multi", "linux/s390x", "linux/" + host);
        String ref = "oci:" + dir.resolve("multi") + ":1";

        CliRun sbom = run("sbom", ref);
        CliRun scan = scan(ref);

        assertThat(sbom.exitCode()).as(sbom.err()).isZero();
        assertThat(scan.exitCode()).as(scan.err()).isIn(0, 1);
        String hostDigest = images.get(1).digest().hex();
        assertThat(sbom.out()).contains(hostDigest).doesNotContain(images.get(0).digest().hex());
        assertThat(scan.out()).contains(hostDigest).doesNotContain(images.get(0).digest().hex());
    }

    @Test
    void scanSbomVexAndTest_ofTwoForeignPlatforms_allAskTheSameWay() throws Exception {
        write("foreign", "linux/s390x", "linux/ppc64le");
        String ref = "oci:" + dir.resolve("foreign") + ":1";
        Files.writeString(dir.resolve("t.yaml"), "schemaVersion: 2.0.0\nfileExistenceTests:\n"
                + "  - name: os-release\n    path: /etc/os-release\n    shouldExist: true\n");

        List<CliRun> runs = List.of(run("sbom", ref), scan(ref),
                run("vex", ref, "--advisories", tracker.toString(), "--release", "trixie"),
                run("test", ref, "--config", dir.resolve("t.yaml").toString()));

        for (CliRun r : runs) {
            assertThat(r.exitCode()).as(r.err()).isEqualTo(2);
            assertThat(r.err()).contains("cannot pick an image for this machine").contains("linux/s390x")
                    .contains("linux/ppc64le").contains("--platform OS/ARCH[/VARIANT]").contains("--arch");
        }
    }

    @Test
    void platformAndArch_pickTheSameImageForScanAndSbom_andArm64MatchesItsV8Variant() throws Exception {
        List<Image> images = write("arm", "linux/s390x", "linux/arm64/v8");
        String ref = "oci:" + dir.resolve("arm") + ":1";
        String arm = images.get(1).digest().hex();

        for (String[] choice : List.of(new String[] {"--platform", "linux/arm64"},
                new String[] {"--platform", "linux/arm64/v8"}, new String[] {"--arch", "arm64"})) {
            CliRun sbom = run("sbom", ref, choice[0], choice[1]);
            CliRun scan = scan(ref, choice[0], choice[1]);
            assertThat(sbom.exitCode()).as(sbom.err()).isZero();
            assertThat(scan.exitCode()).as(scan.err()).isIn(0, 1);
            assertThat(sbom.out()).as(String.join(" ", choice)).contains(arm);
            assertThat(scan.out()).as(String.join(" ", choice)).contains(arm);
        }
    }

    @Test
    void platformNotInTheImage_isBadInputListingWhatItHas_forEveryOnePlatformVerb() throws Exception {
        write("arm", "linux/s390x", "linux/arm64/v8");
        String ref = "oci:" + dir.resolve("arm") + ":1";

        for (CliRun r : List.of(run("sbom", ref, "--platform", "linux/riscv64"),
                scan(ref, "--platform", "linux/riscv64"), run("inspect", ref, "--platform", "linux/riscv64"))) {
            assertThat(r.exitCode()).as(r.err()).isEqualTo(2);
            assertThat(r.err()).contains("cannot pick platform linux/riscv64").contains("linux/arm64/v8");
        }
    }

    @Test
    void inspect_readsEveryPlatformWithoutAChoice_andOneWithIt() throws Exception {
        write("foreign", "linux/s390x", "linux/ppc64le");
        String ref = "oci:" + dir.resolve("foreign") + ":1";

        CliRun all = run("inspect", ref);
        CliRun one = run("inspect", ref, "--arch", "ppc64el");

        assertThat(all.exitCode()).as(all.err()).isZero();
        assertThat(all.out()).contains("linux/s390x").contains("linux/ppc64le");
        assertThat(one.exitCode()).as(one.err()).isZero();
        assertThat(one.out()).contains("linux/ppc64le").doesNotContain("linux/s390x");
    }

    @Test
    void platformAndArchTogether_orTwiceOnAOnePlatformVerb_isBadInput() throws Exception {
        write("arm", "linux/s390x", "linux/arm64/v8");
        String ref = "oci:" + dir.resolve("arm") + ":1";

        CliRun both = run("sbom", ref, "--platform", "linux/arm64", "--arch", "arm64");
        CliRun twice = scan(ref, "--platform", "linux/arm64", "--platform", "linux/s390x");
        CliRun malformed = run("sbom", ref, "--platform", "arm64");

        assertThat(both.exitCode()).isEqualTo(2);
        assertThat(twice.exitCode()).isEqualTo(2);
        assertThat(twice.err()).contains("give one --platform or --arch");
        assertThat(malformed.exitCode()).isEqualTo(2);
        assertThat(malformed.err()).contains("cannot choose a platform").contains("linux/arm64");
    }

    @Test
    void sbomAndVex_nameTheSameImageWithTheSamePurl() throws Exception {
        List<Image> images = write("app", "linux/s390x", "linux/arm64/v8");
        String ref = "oci:" + dir.resolve("app") + ":1";
        String purl = "pkg:oci/app@sha256%3A" + images.get(1).digest().hex();

        CliRun sbom = run("sbom", ref, "--arch", "arm64", "--format", "cyclonedx-json");
        CliRun vex = run("vex", ref, "--arch", "arm64", "--advisories", tracker.toString());

        assertThat(sbom.exitCode()).as(sbom.err()).isZero();
        assertThat(vex.exitCode()).as(vex.err()).isZero();
        assertThat(sbom.out()).contains(purl + "\"").contains("distro=debian-13");
        assertThat(vex.out()).contains(purl);
    }
}
