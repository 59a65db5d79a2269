package dev.bulwark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.cli.TamperedImages.Change;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every verb that reads an image refuses one whose layer, config, manifest or index bytes were replaced in place,
 * or whose root descriptor lies about its size, with exit 3 and a message naming the blob — on oci:, oci-archive:
 * and docker-archive:. The registry transport and {@code run} are in {@code TamperedImageIT}.
 */
class TamperedImageTest {
    @TempDir
    static Path shared;
    static TamperedImages images;
    @TempDir
    Path tmp;

    @BeforeAll
    static void build() throws Exception {
        images = TamperedImages.build(shared);
    }

    /** One verb on one transport with one change; {@code verb} is completed with the reference by {@link #args}. */
    record Case(String transport, Change change, String verb) {
        @Override
        public String toString() {
            return verb + " " + transport + " " + change;
        }
    }

    static Stream<Case> cases() {
        List<Case> out = new ArrayList<>();
        for (Change c : Change.values()) {
            for (String verb : List.of("inspect", "scan", "sbom", "vex", "copy", "verify", "verify-attestation")) {
                out.add(new Case("oci", c, verb));
            }
            if (c == Change.INDEX || c == Change.SIZE_BIGGER || c == Change.SIZE_SMALLER) {
                out.add(new Case("oci", c, "referrers")); // referrers reads the subject's own bytes, not its layers
            }
            for (String verb : List.of("inspect", "scan", "sbom", "vex", "copy")) {
                out.add(new Case("oci-archive", c, verb));
                if (c == Change.LAYER || c == Change.CONFIG) {
                    out.add(new Case("docker-archive", c, verb));
                }
            }
        }
        return out.stream();
    }

    static String[] args(String verb, String ref, Path caseDir) {
        return args(verb, ref, caseDir, images);
    }

    /** The command line that runs {@code verb} on {@code ref}, with its outputs and cache under {@code caseDir}. */
    static String[] args(String verb, String ref, Path caseDir, TamperedImages images) {
        String cache = "--cache=" + caseDir.resolve("cache");
        String key = images.publicKey.toString();
        return switch (verb) {
            case "scan" -> new String[] {"scan", cache, ref, "--platform", "linux/amd64", "--advisories",
                images.advisories.toString()};
            case "vex" -> new String[] {"vex", cache, ref, "--platform", "linux/amd64", "--advisories",
                images.advisories.toString()};
            case "sbom" -> new String[] {"sbom", ref, "--platform", "linux/amd64"};
            case "copy" -> new String[] {"copy", ref, "oci:" + caseDir.resolve("copy") + ":c"};
            case "verify" -> new String[] {"verify", ref, "--key", key};
            case "verify-attestation" -> new String[] {"verify-attestation", ref, "--key", key, "--type", "cyclonedx"};
            case "run" -> new String[] {"run", ref, "--arch", "amd64", "--tmp", caseDir.resolve("run").toString()};
            default -> new String[] {verb, ref};
        };
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void tamperedImage_isRefusedWithExit3_namingTheBlob(Case c) throws Exception {
        Path caseDir = tmp.resolve("case");
        String ref = images.prepare(c.transport(), c.change(), caseDir);
        CliRun r = CliRun.of(args(c.verb(), ref, caseDir));
        assertThat(r.exitCode()).as(r.err() + r.out()).isEqualTo(3);
        assertThat(r.err()).contains("cannot read blob sha256:").contains("mismatch").doesNotContain("Exception");
        if (c.verb().equals("copy")) {
            assertThat(caseDir.resolve("copy")).doesNotExist(); // no oci-layout or blobs of a half copy either
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"inspect", "scan", "sbom", "vex", "copy", "verify", "verify-attestation", "referrers"})
    void genuineLayout_passesEveryVerb(String verb) throws Exception {
        String ref = images.genuineLayout(tmp);
        CliRun r = CliRun.of(args(verb, ref, tmp));
        assertThat(r.exitCode()).as(r.err()).isIn(0, 1); // scan exits 1: libfoo1 1.0-1 has a finding
        assertThat(r.err()).doesNotContain("mismatch");
    }

    @Test
    void scan_ofTamperedImage_cachesNothing_andTheGenuineImageIsScannedAfresh() throws Exception {
        Path cache = tmp.resolve("cache");
        String tampered = images.prepare("oci", Change.LAYER, tmp.resolve("tampered"));
        CliRun bad = CliRun.of("scan", "--cache=" + cache, tampered, "--platform", "linux/amd64", "--advisories",
                images.advisories.toString());
        assertThat(bad.exitCode()).as(bad.err() + bad.out()).isEqualTo(3);
        Path inputs = cache.resolve("scan-inputs");
        assertThat(!Files.isDirectory(inputs) || isEmpty(inputs)).as("nothing cached from unverified bytes").isTrue();

        String genuine = images.genuineLayout(tmp.resolve("genuine"));
        CliRun good = CliRun.of("scan", "--cache=" + cache, genuine, "--platform", "linux/amd64", "--advisories",
                images.advisories.toString());
        assertThat(good.out()).as(good.err()).contains("CVE-2099-0005").contains("libfoo1");
        assertThat(isEmpty(inputs)).isFalse();
        try (var entries = Files.list(inputs)) { // the cache entry follows the umask like every other output
            assertThat(Files.getPosixFilePermissions(entries.findFirst().orElseThrow()))
                    .isEqualTo(Files.getPosixFilePermissions(Files.createFile(tmp.resolve("umask-probe"))));
        }
    }

    private static boolean isEmpty(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.findAny().isEmpty();
        }
    }
}
