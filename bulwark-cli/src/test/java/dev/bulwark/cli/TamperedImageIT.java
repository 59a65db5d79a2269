package dev.bulwark.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.bulwark.cli.TamperedImages.Change;
import dev.bulwark.oci.Descriptor;
import dev.bulwark.testkit.LocalRegistry;
import dev.bulwark.testkit.Tamper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The tampered-image suite on a registry (Debian's docker-registry, a blob file edited in its storage on disk),
 * and {@code run} (bubblewrap) on a layout and a registry: every reading verb exits 3 naming the blob, and a
 * tampered run leaves no rootfs behind.
 */
class TamperedImageIT {
    @TempDir
    static Path shared;
    static TamperedImages images;
    static LocalRegistry registry;
    static String ref;
    @TempDir
    Path tmp;

    @BeforeAll
    static void start() throws Exception {
        if (!LocalRegistry.available()) {
            if ("true".equals(System.getenv("CI"))) {
                fail("docker-registry is not installed, and CI=true requires it (apt-get install -y docker-registry)");
            }
            Assumptions.abort("docker-registry is not installed; skipping (apt-get install -y docker-registry)");
        }
        images = TamperedImages.build(shared.resolve("images"));
        registry = LocalRegistry.start(shared.resolve("registry"));
        ref = registry.host() + "/app:v1";
        ok(CliRun.of("copy", "oci:" + images.layout + ":v1", ref));
        ok(CliRun.of("sign", ref, "--key", images.privateKey.toString()));
        Path sbom = shared.resolve("sbom.json");
        ok(CliRun.of("sbom", ref, "--platform", "linux/amd64", "--format", "cyclonedx-json", "-o", sbom.toString()));
        ok(CliRun.of("attest", ref, "--key", images.privateKey.toString(), "--type", "cyclonedx", "--predicate",
                sbom.toString()));
    }

    @BeforeEach
    void traversable() throws Exception {
        // As root the sandbox runs under an unprivileged host uid, which must traverse to the run directory.
        java.nio.file.Files.setPosixFilePermissions(tmp,
                java.nio.file.attribute.PosixFilePermissions.fromString("rwx--x--x"));
    }

    @AfterAll
    static void stop() {
        if (registry != null) {
            registry.close();
        }
    }

    private static void ok(CliRun r) {
        assertThat(r.exitCode()).as(r.err()).isZero();
    }

    record Case(Change change, String verb) {
        @Override
        public String toString() {
            return verb + " registry " + change;
        }
    }

    static Stream<Case> cases() {
        List<Case> out = new ArrayList<>();
        for (Change c : Change.values()) {
            for (String verb : List.of("inspect", "scan", "sbom", "vex", "copy", "verify", "verify-attestation", "run")) {
                out.add(new Case(c, verb));
            }
            if (c == Change.INDEX) {
                out.add(new Case(c, "referrers"));
            }
        }
        return out.stream();
    }

    /** The data file the registry serves a blob (or manifest) from. */
    private static Path storage(Descriptor d) {
        String hex = d.digest().hex();
        return shared.resolve("registry/storage/docker/registry/v2/blobs/sha256/" + hex.substring(0, 2) + "/" + hex
                + "/data");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void registryBlobEditedOnDisk_isRefusedWithExit3(Case c) throws Exception {
        if (c.verb().equals("run")) {
            Tools.require("bwrap");
        }
        TamperedImages.Blob b = images.blob(c.change() == Change.SIZE_BIGGER || c.change() == Change.SIZE_SMALLER
                ? Change.LAYER_GZIP : c.change());
        Path data = storage(b.descriptor());
        byte[] original = Files.readAllBytes(data);
        try {
            switch (c.change()) {
                case LAYER_GZIP -> Tamper.flipInside(data, original);
                case SIZE_BIGGER -> Files.write(data, concat(original, new byte[] {0}));
                case SIZE_SMALLER -> Files.write(data, java.util.Arrays.copyOf(original, original.length - 1));
                default -> Tamper.editInside(data, original, b.from(), b.to());
            }
            CliRun r = CliRun.of(TamperedImageTest.args(c.verb(), ref, tmp, images));
            assertThat(r.exitCode()).as(r.err() + r.out()).isEqualTo(3);
            assertThat(r.err()).contains("cannot read blob " + b.descriptor().digest()).contains("mismatch")
                    .doesNotContain("Exception");
            if (c.verb().equals("run")) {
                assertThat(leftovers(tmp.resolve("run"))).as("no rootfs left behind").isEmpty();
            }
        } finally {
            Files.write(data, original);
        }
    }

    @Test
    void run_layoutWithLayerReplacedInPlace_failsBeforeTheCommand_andRemovesTheRootfs() throws Exception {
        Tools.require("bwrap");
        String tampered = images.prepare("oci", Change.LAYER, tmp.resolve("case"));
        CliRun r = CliRun.of(TamperedImageTest.args("run", tampered, tmp, images));
        assertThat(r.exitCode()).as(r.err()).isEqualTo(3);
        assertThat(r.err()).contains("cannot read blob " + images.amd64.manifest().layers().get(0).digest())
                .contains("digest mismatch");
        assertThat(leftovers(tmp.resolve("run"))).isEmpty();
    }

    @Test
    void genuineRegistryImage_passesVerifyAndScan() {
        CliRun v = CliRun.of(TamperedImageTest.args("verify", ref, tmp, images));
        assertThat(v.exitCode()).as(v.err()).isZero();
        assertThat(v.out()).contains("3 manifest(s) and 6 blob(s) match their digests");
        CliRun s = CliRun.of(TamperedImageTest.args("scan", ref, tmp, images));
        assertThat(s.out()).as(s.err()).contains("CVE-2099-0005");
    }

    private static List<Path> leftovers(Path dir) throws Exception {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.toList();
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
