package dev.bulwark.oci.image;

import dev.bulwark.oci.Descriptor;
import dev.bulwark.oci.Digest;
import dev.bulwark.oci.MediaTypes;
import dev.bulwark.oci.OciException;
import dev.bulwark.oci.Platform;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DocumentJsonTest {
    static final Digest A = Digest.of("a".getBytes(StandardCharsets.UTF_8));

    @Test
    void configToJson_hasFixedFieldOrderSortedLabelsAndNoWhitespace() throws OciException {
        ImageConfig c = new ImageConfig("arm64", "linux", "v8", Instant.ofEpochSecond(0), "65532",
                List.of("B=2", "A=1"), List.of("/e"), List.of("c"), "/w", Map.of("z", "1", "a", "2"),
                List.of(new ImageConfig.History(Instant.ofEpochSecond(0), "bulwark", null, false)), List.of(A));
        String json = new String(c.toJson(), StandardCharsets.UTF_8);
        assertThat(json).isEqualTo("{\"created\":\"1970-01-01T00:00:00Z\",\"architecture\":\"arm64\",\"os\":\"linux\","
                + "\"variant\":\"v8\",\"config\":{\"User\":\"65532\",\"Env\":[\"B=2\",\"A=1\"],\"Entrypoint\":[\"/e\"],"
                + "\"Cmd\":[\"c\"],\"WorkingDir\":\"/w\",\"Labels\":{\"a\":\"2\",\"z\":\"1\"}},\"rootfs\":{\"type\":\"layers\","
                + "\"diff_ids\":[\"" + A + "\"]},\"history\":[{\"created\":\"1970-01-01T00:00:00Z\",\"created_by\":\"bulwark\"}]}");
        assertThat(ImageConfig.parse(c.toJson())).isEqualTo(c);
    }

    @Test
    void manifestAndIndex_roundTripThroughJson() throws OciException {
        Descriptor config = new Descriptor(MediaTypes.OCI_CONFIG, A, 1);
        Manifest m = Manifest.oci(config, List.of(new Descriptor(MediaTypes.OCI_LAYER_GZIP, A, 7)), Map.of("k", "v"));
        assertThat(Manifest.parse(m.toJson())).isEqualTo(m);
        assertThat(new String(m.toJson(), StandardCharsets.UTF_8)).startsWith(
                "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"config\":{");
        ImageIndex i = ImageIndex.oci(List.of(Descriptor.of(MediaTypes.OCI_MANIFEST, m.toJson())
                .withPlatform(new Platform("linux", "arm", "v7"))), Map.of());
        assertThat(ImageIndex.parse(i.toJson())).isEqualTo(i);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "[]", "{\"schemaVersion\":1}", "{\"schemaVersion\":2,\"mediaType\":\"text/plain\"}",
            "{\"schemaVersion\":2,\"config\":{\"mediaType\":\"x\",\"digest\":\"sha256:12\",\"size\":1}}",
            "{\"schemaVersion\":2,\"config\":{\"mediaType\":\"x\",\"digest\":\"sha256:" + "00000000000000000000000000000000"
                    + "00000000000000000000000000000000\",\"size\":-1}}"})
    void manifestParse_malformed_isBadInput(String json) {
        assertThatThrownBy(() -> Manifest.parse(json.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(OciException.class).hasMessageStartingWith("cannot parse image manifest");
    }
}
