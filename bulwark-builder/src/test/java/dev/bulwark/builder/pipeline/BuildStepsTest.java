package dev.bulwark.builder.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.attest.signers.Signer;
import dev.bulwark.builder.BuildException;
import dev.bulwark.core.BulwarkException.Kind;
import dev.bulwark.core.Progress;
import dev.bulwark.oci.Descriptor;
import dev.bulwark.oci.Digest;
import dev.bulwark.oci.layer.Compression;
import dev.bulwark.oci.ref.ImageReference;
import dev.bulwark.oci.transport.Referrers;
import dev.bulwark.oci.transport.RegistryOptions;
import dev.bulwark.oci.transport.layout.LayoutSource;
import dev.bulwark.oci.transport.layout.LayoutStore;
import dev.bulwark.oci.validate.Validation;
import dev.bulwark.spec.Spec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The build as steps over one context: the spec read once, outputs opened once, images stored before evidence, and
 * tags moved after it.
 */
class BuildStepsTest {

    @TempDir
    Path dir;

    /** Records every info line, in order. */
    static final class Lines implements Progress {
        final List<String> lines = new ArrayList<>();

        @Override
        public void begin(String task, long total) {
        }

        @Override
        public void advance(long amount) {
        }

        @Override
        public void end(String summary) {
        }

        @Override
        public void info(String line) {
            lines.add(line);
        }
    }

    private static BuildRequest request(FakeBuildWorld world, Spec spec, List<String> outputs, boolean sboms)
            throws Exception {
        return request(world, spec, outputs, sboms, Compression.GZIP, null);
    }

    static BuildRequest request(FakeBuildWorld world, Spec spec, List<String> outputs, boolean sboms,
                                Compression compression, Signer signer) throws Exception {
        List<ImageReference> refs = new ArrayList<>();
        for (String o : outputs) {
            refs.add(ImageReference.parse(o));
        }
        return new BuildRequest(spec, world.dir.resolve(spec.name() + ".yaml.lock.json"), List.of("amd64"), refs,
                compression, 1_700_000_000L, RegistryOptions.defaults(), signer, sboms);
    }

    @Test
    void build_usesTheSpecBytesItWasParsedFrom_evenAfterTheFileIsGone() throws Exception {
        try (FakeBuildWorld world = new FakeBuildWorld(dir)) {
            Spec spec = world.toolSpec();
            BuildResult first = world.build(spec, dir.resolve("cache"), List.of("amd64"), "oci:" + dir.resolve("a"));
            Files.delete(dir.resolve("tool.yaml"));
            world.attachSboms = true;

            BuildResult again = world.build(spec, dir.resolve("cache"), List.of("amd64"), "oci:" + dir.resolve("b"));

            assertThat(again.lockWritten()).isFalse();
            assertThat(again.manifests()).isEqualTo(first.manifests());
            assertThat(first.lock().specSha256()).isEqualTo(spec.sha256());
        }
    }

    @Test
    void build_publishesEveryOutputBeforeAttachingEvidence_andReportsOutputsInRequestOrder() throws Exception {
        try (FakeBuildWorld world = new FakeBuildWorld(dir)) {
            Spec spec = world.toolSpec();
            String a = "oci:" + dir.resolve("a");
            String archive = "oci-archive:" + dir.resolve("tool.tar");
            String b = "oci:" + dir.resolve("b") + ":v1";
            Lines progress = new Lines();

            BuildResult r = world.builder(dir.resolve("cache")).build(request(world, spec, List.of(a, archive, b), true),
                    progress);

            assertThat(r.outputs()).extracting(o -> o.reference().toString())
                    .containsExactly(a + ":latest", archive, b);
            List<String> steps = progress.lines.stream()
                    .filter(l -> l.startsWith("Writing ") || l.startsWith("Attaching ")).toList();
            assertThat(steps).containsExactly("Writing " + a, "Writing " + archive, "Writing " + b,
                    "Attaching SBOMs and provenance to " + a + " (unsigned; sign with --sign-key)",
                    "Attaching SBOMs and provenance to " + b + " (unsigned; sign with --sign-key)");
            assertThat(dir.resolve("tool.tar")).isRegularFile();
            for (String layout : List.of("a", "b")) {
                LayoutStore store = new LayoutStore(dir.resolve(layout));
                assertThat(Referrers.list(store, r.images().get("amd64").digest(), null))
                        .extracting(Descriptor::artifactType)
                        .containsExactlyInAnyOrder("application/spdx+json", "application/vnd.cyclonedx+json",
                                "application/vnd.in-toto+json"); // one arch: the image is the root, provenance sits on it too
                Validation.validate(new LayoutSource(dir.resolve(layout), layout.equals("a") ? "latest" : "v1"));
            }
        }
    }

    @Test
    void build_withASigner_movesTheLayoutTagOnlyAfterSigningAndAttaching() throws Exception {
        try (FakeBuildWorld world = new FakeBuildWorld(dir)) {
            LayoutStore store = new LayoutStore(dir.resolve("out"));
            TagWatchingSigner signer = new TagWatchingSigner(store, "v1", false);

            BuildResult r = world.builder(dir.resolve("cache")).build(request(world, world.toolSpec(),
                    List.of("oci:" + dir.resolve("out") + ":v1"), false, Compression.GZIP, signer), Progress.NONE);

            Digest image = r.outputs().get(0).written().digest();
            assertThat(signer.tagAtSigning).as("signatures made").isNotEmpty().allMatch(java.util.Optional::isEmpty);
            assertThat(store.resolve("v1")).get().extracting(Descriptor::digest).isEqualTo(image);
            assertThat(store.resolve(image.dashed() + ".sig")).as("cosign signature").isPresent();
            assertThat(store.resolve(image.dashed() + ".att")).as("cosign attestations").isPresent();
            Validation.validate(new LayoutSource(dir.resolve("out"), "v1"));
        }
    }

    @Test
    void build_whenSigningFails_leavesTheLayoutTagOnThePreviousImage_andNoNewLayoutBehind() throws Exception {
        try (FakeBuildWorld world = new FakeBuildWorld(dir)) {
            Spec spec = world.toolSpec();
            String out = "oci:" + dir.resolve("out") + ":v1";
            BuildResult before = world.builder(dir.resolve("cache")).build(request(world, spec, List.of(out), false),
                    Progress.NONE);
            Digest previous = before.outputs().get(0).written().digest();
            LayoutStore store = new LayoutStore(dir.resolve("out"));
            TagWatchingSigner failing = new TagWatchingSigner(store, "v1", true);

            // Uncompressed layers: another image than the one v1 names, so a moved tag would show.
            assertThatThrownBy(() -> world.builder(dir.resolve("cache")).build(request(world, spec,
                    List.of(out, "oci:" + dir.resolve("fresh")), false, Compression.NONE, failing), Progress.NONE))
                    .hasMessageContaining("signing refused");

            assertThat(failing.tagAtSigning).isNotEmpty();
            assertThat(store.resolve("v1")).get().extracting(Descriptor::digest).isEqualTo(previous);
            Validation.validate(new LayoutSource(dir.resolve("out"), "v1"));
            assertThat(dir.resolve("fresh")).as("a layout the failed build created").doesNotExist();
        }
    }

    @Test
    void build_refusesAnUnwritableLaterOutputBeforeLockingOrWritingAnyOutput() throws Exception {
        try (FakeBuildWorld world = new FakeBuildWorld(dir)) {
            Spec spec = world.toolSpec();
            Files.writeString(dir.resolve("file"), "not a directory");
            String a = "oci:" + dir.resolve("a");
            String bad = "oci-archive:" + dir.resolve("file/tool.tar");

            assertThatThrownBy(() -> world.builder(dir.resolve("cache"))
                    .build(request(world, spec, List.of(a, bad), false), Progress.NONE))
                    .isInstanceOf(dev.bulwark.core.BulwarkException.class);

            assertThat(dir.resolve("a")).doesNotExist();
            assertThat(dir.resolve("tool.yaml.lock.json")).doesNotExist();
        }
    }

    @Test
    void build_refusesADockerArchiveForSeveralArchs_withNothingWritten() throws Exception {
        try (FakeBuildWorld world = new FakeBuildWorld(dir)) {
            assertThatThrownBy(() -> world.build(world.toolSpec(), dir.resolve("cache"), List.of("amd64", "arm64"),
                    "oci:" + dir.resolve("a"), "docker-archive:" + dir.resolve("x.tar")))
                    .isInstanceOf(BuildException.class).hasMessageContaining("a docker-archive holds one architecture")
                    .extracting(e -> ((BuildException) e).kind()).isEqualTo(Kind.BAD_INPUT);
            assertThat(dir.resolve("a")).doesNotExist();
            assertThat(dir.resolve("cache").resolve("tmp")).doesNotExist();
        }
    }
}
