package dev.bulwark.builder.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulwark.attest.intoto.Statement;
import dev.bulwark.spec.Spec;
import dev.bulwark.core.Progress;
import dev.bulwark.oci.Digest;
import dev.bulwark.oci.layer.Compression;
import dev.bulwark.oci.ref.ImageReference;
import dev.bulwark.oci.transport.RegistryOptions;
import java.lang.reflect.RecordComponent;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Provenance must hold everything that decides an image's digests, or 'bulwark reproduce' cannot rebuild it. The
 * table classifies every {@link BuildRequest} field: where provenance records it, or why it cannot change the image.
 * A new field fails {@link #everyBuildRequestField_isClassified} until it is added here; each recorded option is
 * then varied alone, and both the digests and the provenance field it names must change.
 */
class ProvenanceCompletenessTest {
    private static final String TOOL = """
            name: tool
            distribution: trixie
            suites: [trixie]
            archs: [amd64, arm64]
            keyrings: [archive.gpg]
            packages: [base-files, tool, ca-certificates]
            entrypoint: [/usr/bin/tool]
            %s""";

    /** How a build option reaches the image, and where provenance records it (a JSON pointer into the predicate). */
    private record Option(String field, String recordedAt, Function<Build, Build> vary) {
    }

    /** One build's inputs. */
    private record Build(String specExtra, List<String> archs, Compression compression, long epoch) {
    }

    private static final Build BASE = new Build("", List.of("amd64"), Compression.GZIP, 1_700_000_000L);

    private static final List<Option> DIGEST_CHANGING = List.of(
            new Option("spec", "/buildDefinition/externalParameters/spec/content",
                    b -> new Build("strip: [docs]\n", b.archs(), b.compression(), b.epoch())),
            new Option("archs", "/buildDefinition/internalParameters/archs",
                    b -> new Build(b.specExtra(), List.of("amd64", "arm64"), b.compression(), b.epoch())),
            new Option("compression", "/buildDefinition/internalParameters/compression",
                    b -> new Build(b.specExtra(), b.archs(), Compression.ZSTD, b.epoch())),
            new Option("sourceDateEpoch", "/buildDefinition/internalParameters/sourceDateEpoch",
                    b -> new Build(b.specExtra(), b.archs(), b.compression(), b.epoch() + 86_400)),
            // The lock's packages, suites and epoch: its whole content is recorded.
            new Option("lockPath", "/buildDefinition/externalParameters/lock/content",
                    b -> new Build(b.specExtra(), b.archs(), b.compression(), b.epoch() + 3_600)));

    /** Fields that cannot change an image's digests, and why. */
    private static final Map<String, String> NOT_DIGEST_CHANGING = Map.of(
            "outputs", "where the image is written; every output holds the same digests",
            "registry", "how registries are reached",
            "signer", "signatures and attestations sit beside the image",
            "attachSboms", "unsigned evidence sits beside the image as referrers");

    @TempDir
    Path dir;

    @Test
    void everyBuildRequestField_isClassified() {
        List<String> fields = Arrays.stream(BuildRequest.class.getRecordComponents()).map(RecordComponent::getName)
                .sorted().toList();
        List<String> classified = new java.util.ArrayList<>(NOT_DIGEST_CHANGING.keySet());
        DIGEST_CHANGING.forEach(o -> classified.add(o.field()));
        assertThat(classified).as("BuildRequest fields, each either recorded in provenance or harmless")
                .containsExactlyInAnyOrderElementsOf(fields);
    }

    @Test
    void everyOptionThatChangesDigests_changesTheProvenanceFieldThatRecordsIt() throws Exception {
        try (FakeBuildWorld world = new FakeBuildWorld(dir)) {
            world.attachSboms = true;
            Built base = build(world, "base", BASE);
            Map<String, String> unrecorded = new TreeMap<>();
            for (Option o : DIGEST_CHANGING) {
                Built varied = build(world, o.field(), o.vary().apply(BASE));
                assertThat(varied.root()).as("varying %s changes the image", o.field()).isNotEqualTo(base.root());
                JsonNode a = base.provenance().at(o.recordedAt());
                JsonNode b = varied.provenance().at(o.recordedAt());
                if (a.isMissingNode() || a.equals(b)) {
                    unrecorded.put(o.field(), o.recordedAt() + " = " + a);
                }
            }
            assertThat(unrecorded).as("options that change digests but not the provenance").isEmpty();
        }
    }

    private record Built(Digest root, JsonNode provenance) {
    }

    private Built build(FakeBuildWorld world, String name, Build b) throws Exception {
        Spec spec = world.spec(name, TOOL.formatted(b.specExtra()));
        Path out = dir.resolve("out-" + name);
        BuildResult r = world.builder(dir.resolve("cache")).build(new BuildRequest(spec,
                dir.resolve(name + ".lock.json"), b.archs(), List.of(ImageReference.parse("oci:" + out)),
                b.compression(), b.epoch(), RegistryOptions.defaults(), null, true), Progress.NONE);
        Statement provenance = TamperedImages.provenance(out);
        return new Built(r.outputs().get(0).written().digest(), new ObjectMapper().readTree(provenance.predicate()));
    }
}
