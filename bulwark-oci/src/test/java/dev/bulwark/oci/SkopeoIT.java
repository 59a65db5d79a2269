package dev.bulwark.oci;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulwark.oci.transport.archive.DockerArchiveSink;
import dev.bulwark.oci.transport.archive.DockerArchiveSource;
import dev.bulwark.oci.image.Image;
import dev.bulwark.oci.layer.Compression;
import dev.bulwark.oci.transport.layout.LayoutSink;
import dev.bulwark.oci.transport.layout.LayoutSource;
import dev.bulwark.oci.transport.ImageWrite;
import dev.bulwark.oci.transport.WriteResult;
import dev.bulwark.oci.validate.Validation;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.bulwark.oci.ExternalTool.run;
import static org.assertj.core.api.Assertions.assertThat;

/** skopeo (containers/image) reads what Bulwark writes, and Bulwark reads what skopeo writes. */
class SkopeoIT {
    static final Platform AMD64 = new Platform("linux", "amd64", null);
    static final Platform ARM64 = new Platform("linux", "arm64", "v8");

    @TempDir
    Path tmp;

    @BeforeEach
    void needSkopeo() {
        ExternalTool.require("skopeo");
    }

    @Test
    void inspect_acceptsSingleImageLayout() throws Exception {
        Image image = Fixtures.smallImage(tmp.resolve("w"), AMD64, Compression.GZIP);
        Path dir = tmp.resolve("layout");
        new LayoutSink(dir, "v1").write(ImageWrite.of(image));

        JsonNode inspect = json(run("skopeo", "inspect", "oci:" + dir + ":v1"));
        assertThat(inspect.path("Digest").asText()).isEqualTo(image.digest().toString());
        assertThat(inspect.path("Architecture").asText()).isEqualTo("amd64");
        assertThat(texts(inspect.path("Layers"))).containsExactlyElementsOf(
                image.manifest().layers().stream().map(d -> d.digest().toString()).toList());
        assertThat(inspect.path("Env").toString()).contains("LANG=C.UTF-8");
        String rawConfig = run("skopeo", "inspect", "--config", "--raw", "oci:" + dir + ":v1");
        assertThat(rawConfig.getBytes(java.nio.charset.StandardCharsets.UTF_8)).isEqualTo(image.rawConfig());
    }

    @Test
    void inspect_acceptsMultiArchIndexAndPicksEachPlatform() throws Exception {
        Path dir = tmp.resolve("layout");
        WriteResult result = new LayoutSink(dir, "multi").write(new ImageWrite(List.of(
                Fixtures.smallImage(tmp.resolve("a"), AMD64, Compression.GZIP),
                Fixtures.smallImage(tmp.resolve("b"), ARM64, Compression.ZSTD)), Map.of()));
        Validation.validate(new LayoutSource(dir, "multi"));

        String raw = run("skopeo", "inspect", "--raw", "oci:" + dir + ":multi");
        assertThat(json(raw).path("manifests")).hasSize(2);
        JsonNode arm = json(run("skopeo", "--override-arch", "arm64", "--override-variant", "v8", "inspect",
                "oci:" + dir + ":multi"));
        // skopeo reports the digest of what the reference names (the index), and the chosen image's details
        assertThat(arm.path("Digest").asText()).isEqualTo(result.index().toString());
        assertThat(arm.path("Architecture").asText()).isEqualTo("arm64");
        assertThat(texts(arm.path("Layers"))).containsExactlyElementsOf(new LayoutSource(dir, "multi").image(ARM64)
                .manifest().layers().stream().map(d -> d.digest().toString()).toList());
    }

    @Test
    void copy_fromDockerArchiveToLayout_keepsConfigAndDiffIds() throws Exception {
        Image image = Fixtures.smallImage(tmp.resolve("w"), AMD64, Compression.GZIP);
        Path archive = tmp.resolve("img.tar");
        new DockerArchiveSink(archive, "bulwark/small:1.0").write(ImageWrite.of(image));
        Path dir = tmp.resolve("copied");

        run("skopeo", "copy", "docker-archive:" + archive, "oci:" + dir + ":copied");

        LayoutSource source = new LayoutSource(dir, "copied");
        Validation.validate(source);
        Image copied = source.image(AMD64);
        assertThat(copied.manifest().config().digest()).isEqualTo(image.manifest().config().digest());
        assertThat(copied.config().diffIds()).isEqualTo(image.config().diffIds());
    }

    @Test
    void copy_fromLayoutToDockerArchive_isReadableByBulwark() throws Exception {
        Image image = Fixtures.smallImage(tmp.resolve("w"), AMD64, Compression.GZIP);
        Path dir = tmp.resolve("layout");
        new LayoutSink(dir, "v1").write(ImageWrite.of(image));
        Path archive = tmp.resolve("skopeo.tar");

        run("skopeo", "copy", "oci:" + dir + ":v1", "docker-archive:" + archive + ":localhost/bulwark/small:1.0");

        DockerArchiveSource source = new DockerArchiveSource(archive, "localhost/bulwark/small:1.0");
        Validation.validate(source);
        Image read = source.image(AMD64);
        assertThat(read.rawConfig()).isEqualTo(image.rawConfig());
        assertThat(read.config().diffIds()).isEqualTo(image.config().diffIds());
    }

    @Test
    void copy_layoutToLayout_preservesEveryDigest() throws Exception {
        Image image = Fixtures.smallImage(tmp.resolve("w"), AMD64, Compression.GZIP);
        Path dir = tmp.resolve("layout");
        new LayoutSink(dir, "v1").write(ImageWrite.of(image));
        run("skopeo", "copy", "--preserve-digests", "oci:" + dir + ":v1", "oci:" + tmp.resolve("out") + ":v1");
        Image copied = new LayoutSource(tmp.resolve("out"), "v1").image(AMD64);
        assertThat(copied.digest()).isEqualTo(image.digest());
        Validation.validate(new LayoutSource(tmp.resolve("out"), "v1"));
    }

    private static JsonNode json(String s) throws Exception {
        return new ObjectMapper().readTree(s);
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

}
