package dev.bulwark.builder.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.bulwark.core.Progress;
import dev.bulwark.oci.Descriptor;
import dev.bulwark.oci.Digest;
import dev.bulwark.oci.layer.Compression;
import dev.bulwark.oci.transport.registry.RegistryClient;
import dev.bulwark.oci.transport.registry.RegistryStore;
import dev.bulwark.oci.transport.registry.RetryPolicy;
import dev.bulwark.spec.Spec;
import dev.bulwark.testkit.LocalRegistry;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A signed build into Debian's docker-registry: the tag moves only once the image is signed and its attestations are
 * pushed, and a build whose signing fails leaves the tag on the previous image.
 */
class RegistryPublishOrderIT {

    @TempDir
    Path dir;

    private static RegistryStore store(LocalRegistry registry) {
        return new RegistryStore(new RegistryClient(registry.host(), false, null, RetryPolicy.none()), "tool",
                Progress.NONE, RegistryStore.DEFAULT_CHUNK);
    }

    @Test
    void build_signed_tagsOnlyAfterSignatureAndAttestationsArePushed() throws Exception {
        assumeTrue(LocalRegistry.available(), "needs " + LocalRegistry.BINARY);
        try (FakeBuildWorld world = new FakeBuildWorld(dir); LocalRegistry registry = LocalRegistry.start(dir.resolve("reg"))) {
            RegistryStore store = store(registry);
            TagWatchingSigner signer = new TagWatchingSigner(store, "1", false);

            BuildResult r = world.builder(dir.resolve("cache")).build(BuildStepsTest.request(world, world.toolSpec(),
                    List.of("docker://" + registry.host() + "/tool:1"), false, Compression.GZIP, signer), Progress.NONE);

            Digest image = r.outputs().get(0).written().digest();
            assertThat(signer.tagAtSigning).as("signatures made").isNotEmpty().allMatch(Optional::isEmpty);
            assertThat(store.resolve("1")).get().extracting(Descriptor::digest).isEqualTo(image);
            assertThat(store.resolve(image.dashed() + ".sig")).as("cosign signature").isPresent();
            assertThat(store.resolve(image.dashed() + ".att")).as("cosign attestations").isPresent();
        }
    }

    @Test
    void build_whenSigningFails_leavesTheTagOnThePreviousImage() throws Exception {
        assumeTrue(LocalRegistry.available(), "needs " + LocalRegistry.BINARY);
        try (FakeBuildWorld world = new FakeBuildWorld(dir); LocalRegistry registry = LocalRegistry.start(dir.resolve("reg"))) {
            Spec spec = world.toolSpec();
            String out = "docker://" + registry.host() + "/tool:1";
            BuildResult before = world.builder(dir.resolve("cache")).build(BuildStepsTest.request(world, spec, List.of(out),
                    false, Compression.GZIP, null), Progress.NONE);
            RegistryStore store = store(registry);
            TagWatchingSigner failing = new TagWatchingSigner(store, "1", true);

            // Uncompressed layers: another image than the one tag 1 names, so a moved tag would show.
            assertThatThrownBy(() -> world.builder(dir.resolve("cache")).build(BuildStepsTest.request(world, spec,
                    List.of(out), false, Compression.NONE, failing), Progress.NONE)).hasMessageContaining("signing refused");

            assertThat(failing.tagAtSigning).isNotEmpty();
            assertThat(store.resolve("1")).get().extracting(Descriptor::digest)
                    .isEqualTo(before.outputs().get(0).written().digest());
        }
    }
}
