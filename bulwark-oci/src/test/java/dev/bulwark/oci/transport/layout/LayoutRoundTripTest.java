package dev.bulwark.oci.transport.layout;

import dev.bulwark.oci.Descriptor;
import dev.bulwark.oci.Fixtures;
import dev.bulwark.oci.MediaTypes;
import dev.bulwark.oci.OciException;
import dev.bulwark.oci.Platform;
import dev.bulwark.oci.image.Image;
import dev.bulwark.oci.image.ImageIndex;
import dev.bulwark.oci.layer.Compression;
import dev.bulwark.oci.transport.ImageWrite;
import dev.bulwark.oci.transport.WriteResult;
import dev.bulwark.oci.validate.Validation;
import dev.bulwark.oci.validate.ValidationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LayoutRoundTripTest {
    static final Platform AMD64 = new Platform("linux", "amd64", null);
    static final Platform ARM64 = new Platform("linux", "arm64", "v8");

    @TempDir
    Path tmp;

    @ParameterizedTest
    @EnumSource(Compression.class)
    void write_singleImage_readsBackIdentical(Compression c) throws Exception {
        Image image = Fixtures.smallImage(tmp.resolve("work"), AMD64, c);
        Validation.validate(image);
        Path dir = tmp.resolve("layout");
        WriteResult result = new LayoutSink(dir, "v1").write(ImageWrite.of(image));

        assertThat(result.index()).isNull();
        assertThat(result.manifests()).containsExactly(Map.entry(AMD64, image.digest()));
        assertThat(Files.readString(dir.resolve("oci-layout"))).isEqualTo("{\"imageLayoutVersion\":\"1.0.0\"}");
        LayoutSource source = new LayoutSource(dir, "v1");
        Validation.validate(source);
        assertThat(source.platforms()).containsExactly(AMD64);
        Image back = source.image(AMD64);
        assertThat(back.rawManifest()).isEqualTo(image.rawManifest());
        assertThat(back.rawConfig()).isEqualTo(image.rawConfig());
        assertThat(back.config()).isEqualTo(image.config());
        assertThat(back.layers()).extracting(l -> l.descriptor().digest())
                .containsExactlyElementsOf(image.manifest().layers().stream().map(Descriptor::digest).toList());
    }

    @Test
    void write_twoPlatforms_makesAnIndexWithPinnedDigestAcrossRuns() throws Exception {
        WriteResult a = new LayoutSink(tmp.resolve("a"), "multi").write(twoPlatforms("run1"));
        WriteResult b = new LayoutSink(tmp.resolve("b"), "multi").write(twoPlatforms("run2"));

        assertThat(a.index()).isNotNull().isEqualTo(b.index());
        assertThat(a.root().mediaType()).isEqualTo(MediaTypes.OCI_INDEX);
        assertThat(Files.readAllBytes(tmp.resolve("a/index.json"))).isEqualTo(Files.readAllBytes(tmp.resolve("b/index.json")));
        LayoutSource source = new LayoutSource(tmp.resolve("a"), "multi");
        Validation.validate(source);
        ImageIndex index = source.index().orElseThrow();
        assertThat(index.manifests()).extracting(Descriptor::platform).containsExactly(AMD64, ARM64);
        assertThat(source.image(ARM64).config().variant()).isEqualTo("v8");
    }

    @Test
    void write_intoExistingLayout_replacesTagKeepsOthersAndDeduplicatesBlobs() throws Exception {
        Path dir = tmp.resolve("layout");
        Image one = Fixtures.smallImage(tmp.resolve("w1"), AMD64, Compression.GZIP);
        Image two = Fixtures.smallImage(tmp.resolve("w2"), ARM64, Compression.GZIP);
        new LayoutSink(dir, "keep").write(ImageWrite.of(one));
        new LayoutSink(dir, "moving").write(ImageWrite.of(one));
        long blobsBefore = countBlobs(dir);
        new LayoutSink(dir, "moving").write(ImageWrite.of(two));

        ImageIndex index = ImageIndex.parse(Files.readAllBytes(dir.resolve("index.json")));
        assertThat(index.manifests()).extracting(Descriptor::refName).containsExactly("keep", "moving");
        assertThat(new LayoutSource(dir, "keep").image(AMD64).digest()).isEqualTo(one.digest());
        assertThat(new LayoutSource(dir, "moving").image(ARM64).digest()).isEqualTo(two.digest());
        assertThat(countBlobs(dir)).isEqualTo(blobsBefore + 3); // manifest, config, base layer; the app layer is shared
        assertThat(Files.list(dir.resolve("blobs/sha256")).map(p -> p.getFileName().toString()))
                .allMatch(n -> n.matches("[0-9a-f]{64}"));
        Validation.validate(new LayoutSource(dir, "keep"));
        Validation.validate(new LayoutSource(dir, "moving"));
    }

    @Test
    void read_unknownTagOrAmbiguousLayout_isBadInputNamingTags() throws Exception {
        Path dir = tmp.resolve("layout");
        Image one = Fixtures.smallImage(tmp.resolve("w"), AMD64, Compression.GZIP);
        new LayoutSink(dir, "a").write(ImageWrite.of(one));
        new LayoutSink(dir, "b").write(ImageWrite.of(one));
        assertThatThrownBy(() -> new LayoutSource(dir, "c").root()).hasMessageContaining("no image tagged 'c' (tags: [a, b])");
        assertThatThrownBy(() -> new LayoutSource(dir, null).root()).hasMessageContaining("holds 2 images");
        assertThatThrownBy(() -> new LayoutSource(dir, "a").image(ARM64)).hasMessageContaining("no image for platform linux/arm64/v8");
    }

    @Test
    void validate_corruptedLayerBlob_reportsDigestMismatch() throws Exception {
        Path dir = tmp.resolve("layout");
        Image image = Fixtures.smallImage(tmp.resolve("w"), AMD64, Compression.NONE);
        new LayoutSink(dir, null).write(ImageWrite.of(image));
        Path blob = LayoutFiles.blob(dir, image.manifest().layers().get(1).digest());
        byte[] bytes = Files.readAllBytes(blob);
        bytes[1026] ^= 1; // inside the content of /app/run, so the tar still parses
        Files.write(blob, bytes);
        assertThatThrownBy(() -> Validation.validate(new LayoutSource(dir, null)))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("layer 1")
                .hasMessageContaining("digest mismatch");
    }

    @Test
    void write_intoNonEmptyDirectoryThatIsNoLayout_isRefused() throws Exception {
        Files.writeString(tmp.resolve("stray.txt"), "x");
        Image image = Fixtures.smallImage(tmp.resolve("w"), AMD64, Compression.GZIP);
        assertThatThrownBy(() -> new LayoutSink(tmp, null).write(ImageWrite.of(image)))
                .isInstanceOf(OciException.class).hasMessageContaining("not empty and is not an OCI layout");
    }

    private ImageWrite twoPlatforms(String run) throws OciException {
        return new ImageWrite(List.of(Fixtures.smallImage(tmp.resolve(run), ARM64, Compression.GZIP),
                Fixtures.smallImage(tmp.resolve(run), AMD64, Compression.GZIP)), Map.of("org.example.k", "v"));
    }

    private static long countBlobs(Path dir) throws Exception {
        try (var s = Files.list(dir.resolve("blobs/sha256"))) {
            return s.count();
        }
    }
}
