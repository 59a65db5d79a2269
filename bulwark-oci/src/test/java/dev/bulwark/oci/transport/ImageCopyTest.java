package dev.bulwark.oci.transport;

import dev.bulwark.oci.ref.ImageReference;
import dev.bulwark.oci.transport.ImageCopy;
import dev.bulwark.oci.transport.ImageWrite;
import dev.bulwark.oci.transport.Referrers;
import dev.bulwark.oci.transport.RegistryOptions;
import dev.bulwark.oci.transport.Store;
import dev.bulwark.oci.transport.Transports;
import dev.bulwark.oci.transport.WriteResult;
import dev.bulwark.oci.Descriptor;
import dev.bulwark.oci.Fixtures;
import dev.bulwark.oci.MediaTypes;
import dev.bulwark.oci.Platform;
import dev.bulwark.oci.image.ImageIndex;
import dev.bulwark.oci.image.Manifest;
import dev.bulwark.oci.layer.Compression;
import dev.bulwark.oci.transport.layout.LayoutSink;
import dev.bulwark.oci.transport.layout.LayoutStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Copies carry an image's evidence: cosign's tags and OCI 1.1 referrers of the index and of each manifest. */
class ImageCopyTest {
    @TempDir
    Path tmp;
    private LayoutStore source;
    private WriteResult written;
    private Descriptor amd64;

    @BeforeEach
    void image() throws Exception {
        Path dir = tmp.resolve("src");
        written = new LayoutSink(dir, "v1").write(new ImageWrite(List.of(
                Fixtures.smallImage(tmp.resolve("a"), new Platform("linux", "amd64", null), Compression.GZIP),
                Fixtures.smallImage(tmp.resolve("b"), new Platform("linux", "arm64", "v8"), Compression.GZIP)),
                Map.of()));
        source = new LayoutStore(dir);
        ImageIndex index = ImageIndex.parse(source.manifest(written.root()));
        amd64 = index.manifests().stream().filter(d -> d.platform().architecture().equals("amd64")).findFirst()
                .orElseThrow();
    }

    @Test
    void copy_withEvidence_carriesCosignTagsAndReferrersOfTheIndexAndItsManifests() throws Exception {
        Descriptor sig = cosignImage(source, written.root(), "sig", "signature");
        Descriptor att = cosignImage(source, amd64, "att", "attestation");
        Descriptor sbom = Referrers.attach(source, amd64, "application/spdx+json",
                List.of(Referrers.Blob.of("application/spdx+json", "{\"spdxVersion\":\"SPDX-2.3\"}".getBytes(
                        StandardCharsets.UTF_8))), Map.of("org.opencontainers.image.title", "sbom.json"));
        LayoutStore target = new LayoutStore(tmp.resolve("dst"));

        ImageCopy.Result r = ImageCopy.copy(source, "v1", target, "copied", true);

        assertThat(r.root().digest()).isEqualTo(written.digest());
        assertThat(target.resolve(Referrers.cosignTag(written.digest(), "sig")).orElseThrow().digest())
                .isEqualTo(sig.digest());
        assertThat(target.resolve(Referrers.cosignTag(amd64.digest(), "att")).orElseThrow().digest())
                .isEqualTo(att.digest());
        List<Descriptor> referrers = Referrers.list(target, amd64.digest(), null);
        assertThat(referrers).extracting(Descriptor::digest).containsExactly(sbom.digest());
        assertThat(referrers.get(0).artifactType()).isEqualTo("application/spdx+json");
        assertThat(referrers.get(0).annotations()).containsEntry("org.opencontainers.image.title", "sbom.json");
        assertThat(target.hasBlob(Manifest.parse(target.manifest(referrers.get(0))).layers().get(0))).isTrue();
        assertThat(r.referrersCopied()).extracting(Descriptor::digest)
                .containsExactlyInAnyOrder(sig.digest(), att.digest(), sbom.digest());
    }

    @Test
    void copy_withoutEvidence_leavesSignaturesAndReferrersBehind() throws Exception {
        cosignImage(source, written.root(), "sig", "signature");
        Referrers.attach(source, amd64, "application/spdx+json", List.of(Referrers.Blob.of("application/spdx+json",
                "{}".getBytes(StandardCharsets.UTF_8))), Map.of());
        LayoutStore target = new LayoutStore(tmp.resolve("dst"));

        ImageCopy.Result r = ImageCopy.copy(source, "v1", target, "copied", false);

        assertThat(r.referrersCopied()).isEmpty();
        assertThat(target.resolve(Referrers.cosignTag(written.digest(), "sig"))).isEmpty();
        assertThat(Referrers.list(target, amd64.digest(), null)).isEmpty();
    }

    @Test
    void copy_twiceIntoATargetWithItsOwnReferrers_keepsThemAndListsEachOnce() throws Exception {
        Descriptor sbom = Referrers.attach(source, amd64, "application/spdx+json", List.of(Referrers.Blob.of(
                "application/spdx+json", "{}".getBytes(StandardCharsets.UTF_8))), Map.of());
        LayoutStore target = new LayoutStore(tmp.resolve("dst"));
        ImageCopy.copy(source, "v1", target, "copied", true);
        Descriptor own = Referrers.attach(target, amd64, "text/plain", List.of(Referrers.Blob.of("text/plain",
                "note".getBytes(StandardCharsets.UTF_8))), Map.of());

        ImageCopy.copy(source, "v1", target, "copied", true);

        assertThat(Referrers.list(target, amd64.digest(), null)).extracting(Descriptor::digest)
                .containsExactly(sbom.digest(), own.digest());
    }

    @Test
    void copy_withEvidenceIntoAnUntaggedLayout_stillNamesTheImageAsTheLayoutsOnlyImage() throws Exception {
        cosignImage(source, written.root(), "sig", "signature");
        Referrers.attach(source, amd64, "application/spdx+json", List.of(Referrers.Blob.of("application/spdx+json",
                "{}".getBytes(StandardCharsets.UTF_8))), Map.of());
        Path out = tmp.resolve("untagged");

        Transports.copy(ImageReference.parse("oci:" + source.toString().substring(4) + ":v1"),
                ImageReference.parse("oci:" + out), RegistryOptions.defaults());

        assertThat(new dev.bulwark.oci.transport.layout.LayoutSource(out, null).root().digest()).isEqualTo(written.digest());
    }

    /** A one-layer image at the subject's cosign tag, as cosign stores signatures and attestations. */
    private static Descriptor cosignImage(Store store, Descriptor subject, String suffix, String text) throws Exception {
        byte[] layer = text.getBytes(StandardCharsets.UTF_8);
        Descriptor layerDescriptor = Descriptor.of("text/plain", layer);
        store.putBlob(layerDescriptor, () -> new ByteArrayInputStream(layer));
        byte[] config = "{}".getBytes(StandardCharsets.UTF_8);
        Descriptor configDescriptor = Descriptor.of(MediaTypes.OCI_CONFIG, config);
        store.putBlob(configDescriptor, () -> new ByteArrayInputStream(config));
        return store.putManifest(MediaTypes.OCI_MANIFEST, Manifest.oci(configDescriptor, List.of(layerDescriptor),
                Map.of()).toJson(), Referrers.cosignTag(subject.digest(), suffix));
    }
}
