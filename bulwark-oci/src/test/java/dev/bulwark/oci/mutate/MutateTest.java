package dev.bulwark.oci.mutate;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bulwark.oci.Descriptor;
import dev.bulwark.oci.Digest;
import dev.bulwark.oci.Fixtures;
import dev.bulwark.oci.MediaTypes;
import dev.bulwark.oci.OciException;
import dev.bulwark.oci.Platform;
import dev.bulwark.oci.image.Image;
import dev.bulwark.oci.image.ImageConfig;
import dev.bulwark.oci.image.Images;
import dev.bulwark.oci.image.Layer;
import dev.bulwark.oci.layer.Compression;
import dev.bulwark.oci.layer.LayerWriter;
import dev.bulwark.oci.layer.TarEntry;
import dev.bulwark.oci.transport.ImageWrite;
import dev.bulwark.oci.transport.layout.LayoutSink;
import dev.bulwark.oci.transport.layout.LayoutSource;
import dev.bulwark.oci.validate.Validation;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MutateTest {
    static final Platform AMD64 = new Platform("linux", "amd64", null);
    static final Instant LATER = Instant.ofEpochSecond(Fixtures.EPOCH + 60);

    @TempDir
    Path tmp;
    Image base;
    Layer extra;

    @BeforeEach
    void images() throws Exception {
        base = Fixtures.smallImage(tmp.resolve("w"), AMD64, Compression.GZIP);
        extra = new LayerWriter(tmp.resolve("w"), Fixtures.EPOCH, Compression.GZIP).write(List.of(
                TarEntry.dir("/etc", 0755, 0, 0),
                TarEntry.file("/etc/app.conf", 0644, Fixtures.bytes("level=debug\n"))));
    }

    static Mutate.Addition addition(Layer layer, String step) {
        return new Mutate.Addition(layer, new ImageConfig.History(LATER, step, "customization", false));
    }

    @Test
    void append_keepsBaseLayerDescriptorsIdenticalAndAddsTheNewOneLast() throws Exception {
        Image out = Mutate.append(base, List.of(addition(extra, "copy app.conf")));

        assertThat(out.manifest().layers()).hasSize(3);
        assertThat(out.manifest().layers().subList(0, 2)).isEqualTo(base.manifest().layers());
        assertThat(out.manifest().layers().get(2)).isEqualTo(extra.descriptor());
        assertThat(out.layers().subList(0, 2)).isEqualTo(base.layers());
        assertThat(out.manifest().annotations()).isEqualTo(base.manifest().annotations());
        assertThat(out.digest()).isNotEqualTo(base.digest());
        assertThat(base.manifest().layers()).hasSize(2); // the base is unchanged
    }

    @Test
    void append_growsDiffIdsAndHistory_andTheConfigDigestMatchesItsBytes() throws Exception {
        Image out = Mutate.append(base, List.of(addition(extra, "copy app.conf")));

        assertThat(out.config().diffIds()).containsExactly(base.config().diffIds().get(0),
                base.config().diffIds().get(1), extra.diffId());
        assertThat(out.config().history()).hasSize(3);
        assertThat(out.config().history().subList(0, 2)).isEqualTo(base.config().history());
        assertThat(out.config().history().get(2).createdBy()).isEqualTo("copy app.conf");
        assertThat(out.manifest().config().digest()).isEqualTo(Digest.of(out.rawConfig()));
        assertThat(out.manifest().config().size()).isEqualTo(out.rawConfig().length);
        assertThat(out.manifest().config().mediaType()).isEqualTo(MediaTypes.OCI_CONFIG);
        assertThat(out.digest()).isEqualTo(Digest.of(out.manifest().toJson()));
        assertThat(Validation.problems(out)).isEmpty();
    }

    @Test
    void append_writtenToALayout_readsBackValid() throws Exception {
        Image out = Mutate.config(Mutate.append(base, List.of(addition(extra, "copy app.conf"))),
                RuntimeConfig.of(base.config()).withCmd(List.of("--serve")));
        Path dir = tmp.resolve("layout");
        new LayoutSink(dir, "custom").write(ImageWrite.of(out));

        LayoutSource source = new LayoutSource(dir, "custom");
        Validation.validate(source);
        Image read = source.image(AMD64);
        assertThat(read.digest()).isEqualTo(out.digest());
        assertThat(read.manifest().layers().subList(0, 2)).isEqualTo(base.manifest().layers());
    }

    @Test
    void config_replacesRuntimeSettingsAndKeepsLayersHistoryAndPlatform() throws Exception {
        RuntimeConfig runtime = RuntimeConfig.of(base.config()).withUser("1000:1000")
                .withEnv(List.of("PATH=/usr/bin", "MODE=prod")).withEntrypoint(List.of("/app/run"))
                .withCmd(List.of("--port", "8080")).withWorkingDir("/srv").withLabels(Map.of("team", "core"));

        Image out = Mutate.config(base, runtime);

        ImageConfig c = out.config();
        assertThat(c.user()).isEqualTo("1000:1000");
        assertThat(c.env()).containsExactly("PATH=/usr/bin", "MODE=prod");
        assertThat(c.entrypoint()).containsExactly("/app/run");
        assertThat(c.cmd()).containsExactly("--port", "8080");
        assertThat(c.workingDir()).isEqualTo("/srv");
        assertThat(c.labels()).isEqualTo(Map.of("team", "core"));
        assertThat(c.history()).isEqualTo(base.config().history());
        assertThat(c.diffIds()).isEqualTo(base.config().diffIds());
        assertThat(c.platform()).isEqualTo(AMD64);
        assertThat(c.created()).isEqualTo(base.config().created());
        assertThat(out.manifest().layers()).isEqualTo(base.manifest().layers());
        assertThat(Validation.problems(out)).isEmpty();
    }

    @Test
    void config_unsettingEntrypointRemovesIt() throws Exception {
        Image out = Mutate.config(base, RuntimeConfig.of(base.config()).withEntrypoint(null));
        assertThat(out.config().entrypoint()).isNull();
        assertThat(new String(out.rawConfig())).doesNotContain("Entrypoint");
    }

    @Test
    void config_keepsFieldsBulwarkDoesNotModel() throws Exception {
        ObjectMapper json = new ObjectMapper();
        ObjectNode raw = (ObjectNode) json.readTree(base.rawConfig());
        ((ObjectNode) raw.get("config")).putObject("ExposedPorts").putObject("8080/tcp");
        byte[] rawConfig = json.writeValueAsBytes(raw);
        Descriptor cfg = Descriptor.of(MediaTypes.OCI_CONFIG, rawConfig);
        Image foreign = Images.of(new dev.bulwark.oci.image.Manifest(MediaTypes.OCI_MANIFEST, cfg,
                base.manifest().layers(), base.manifest().annotations(), null, null).toJson(), rawConfig, base.layers());

        Image out = Mutate.append(Mutate.config(foreign, RuntimeConfig.of(foreign.config()).withUser("1")),
                List.of(addition(extra, "x")));

        assertThat(json.readTree(out.rawConfig()).path("config").path("ExposedPorts").has("8080/tcp")).isTrue();
    }

    @Test
    void annotations_mergeOverTheBaseAndKeepTheConfigByteForByte() throws Exception {
        Image out = Mutate.annotations(base, Map.of("org.opencontainers.image.title", "custom", "team", "core"));

        assertThat(out.manifest().annotations()).containsEntry("org.opencontainers.image.title", "custom")
                .containsEntry("team", "core");
        assertThat(out.rawConfig()).isEqualTo(base.rawConfig());
        assertThat(out.manifest().config()).isEqualTo(base.manifest().config());
        assertThat(Validation.problems(out)).isEmpty();
    }

    @Test
    void created_setsTheConfigTime() throws Exception {
        Image out = Mutate.created(base, LATER);
        assertThat(out.config().created()).isEqualTo(LATER);
        assertThat(out.manifest().config().digest()).isEqualTo(Digest.of(out.rawConfig()));
    }

    @Test
    void append_refusesADockerLayerOnAnOciImage() throws Exception {
        Layer docker = dev.bulwark.oci.image.Layers.of(new Descriptor(MediaTypes.DOCKER_LAYER_GZIP,
                extra.descriptor().digest(), extra.descriptor().size()), extra.diffId(), extra::open);
        assertThatThrownBy(() -> Mutate.append(base, List.of(addition(docker, "x"))))
                .isInstanceOf(OciException.class).hasMessageContaining("cannot append layer")
                .hasMessageContaining(MediaTypes.DOCKER_LAYER_GZIP);
    }

    @Test
    void runtimeConfig_refusesAnEnvironmentEntryWithoutAName() {
        assertThatThrownBy(() -> RuntimeConfig.of(base.config()).withEnv(List.of("=x")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'=x'");
    }
}
