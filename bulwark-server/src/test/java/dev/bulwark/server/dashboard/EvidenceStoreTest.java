package dev.bulwark.server.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.catalog.model.Publication;
import dev.bulwark.oci.Descriptor;
import dev.bulwark.oci.MediaTypes;
import dev.bulwark.oci.OciException;
import dev.bulwark.oci.transport.Referrers;
import dev.bulwark.oci.transport.RegistryOptions;
import dev.bulwark.oci.transport.layout.LayoutStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Evidence read back from an OCI layout where a build attached it, and refused when its bytes lie. */
class EvidenceStoreTest {
    private static final byte[] SBOM = "{\"spdxVersion\":\"SPDX-2.3\",\"packages\":[{\"name\":\"libc6\",\"versionInfo\":\"2.41-12\",\"licenseDeclared\":\"LGPL-2.1-or-later\"}]}"
            .getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;

    private Descriptor attach(Path layout) throws Exception {
        return attach(layout, SBOM);
    }

    private static Descriptor attach(Path layout, byte[] sbom) throws Exception {
        Descriptor subject = Descriptor.of(MediaTypes.OCI_MANIFEST, "{\"schemaVersion\":2}".getBytes(StandardCharsets.UTF_8));
        return Referrers.attach(new LayoutStore(layout), subject, "application/spdx+json",
                List.of(Referrers.Blob.of("application/spdx+json", sbom)), Map.of());
    }

    private static List<Publication> at(Path layout) {
        return List.of(new Publication("oci:" + layout + ":latest", "sha256:" + "ab".repeat(32),
                Publication.Kind.MOVING, 1, Instant.EPOCH, null));
    }

    @Test
    void fetch_servesTheAttachedBlob_andItsLicencesParse() throws Exception {
        Path layout = dir.resolve("py");
        Descriptor artifact = attach(layout);
        EvidenceStore.Evidence e = new EvidenceStore(RegistryOptions.defaults()).fetch(at(layout),
                artifact.digest().toString());
        assertThat(e.bytes()).isEqualTo(SBOM);
        assertThat(e.mediaType()).isEqualTo("application/spdx+json");
        assertThat(SbomLicences.read(e.bytes())).containsEntry("libc6=2.41-12", "LGPL-2.1-or-later");
    }

    @Test
    void fetch_refusesABlobReplacedInPlace_andKeepsNothing() throws Exception {
        Path layout = dir.resolve("py");
        Descriptor artifact = attach(layout);
        Path blob = layout.resolve("blobs/sha256/" + dev.bulwark.oci.Digest.of(SBOM).hex());
        byte[] forged = SBOM.clone();
        forged[forged.length - 5] = 'X';
        Files.write(blob, forged);
        EvidenceStore store = new EvidenceStore(RegistryOptions.defaults());
        assertThatThrownBy(() -> store.fetch(at(layout), artifact.digest().toString()))
                .isInstanceOf(OciException.class).hasMessageContaining("cannot fetch evidence " + artifact.digest());
        Files.write(blob, SBOM);
        assertThat(store.fetch(at(layout), artifact.digest().toString()).bytes()).as("nothing forged was cached")
                .isEqualTo(SBOM);
    }

    @Test
    void fetch_namesEveryPlaceItLooked() throws Exception {
        Path missing = dir.resolve("gone");
        assertThatThrownBy(() -> new EvidenceStore(RegistryOptions.defaults()).fetch(at(missing), "sha256:" + "cd".repeat(32)))
                .hasMessageContaining("oci:" + missing + ":latest: the layout is not there");
    }

    @Test
    void fetch_keepsTheCacheWithinItsByteBudget_droppingTheLeastRecentlyServed() throws Exception {
        int size = 1000;
        EvidenceStore store = new EvidenceStore(RegistryOptions.defaults(), 2L * size + size / 2);
        String[] digests = new String[3];
        Path[] layouts = new Path[3];
        for (int i = 0; i < 3; i++) {
            byte[] sbom = new byte[size];
            java.util.Arrays.fill(sbom, (byte) ('a' + i));
            layouts[i] = dir.resolve("img" + i);
            digests[i] = attach(layouts[i], sbom).digest().toString();
        }
        store.fetch(at(layouts[0]), digests[0]);
        store.fetch(at(layouts[1]), digests[1]);
        store.fetch(at(layouts[0]), digests[0]);
        store.fetch(at(layouts[2]), digests[2]);
        assertThat(store.cachedBytes()).as("two blobs fit the budget, three do not").isEqualTo(2L * size);
        for (Path layout : layouts) {
            deleteTree(layout);
        }
        assertThat(store.fetch(at(layouts[0]), digests[0]).bytes()).as("served lately, so kept").hasSize(size);
        assertThat(store.fetch(at(layouts[2]), digests[2]).bytes()).as("the newest, so kept").hasSize(size);
        assertThatThrownBy(() -> store.fetch(at(layouts[1]), digests[1])).as("the least recently served was dropped")
                .hasMessageContaining("the layout is not there");
    }

    @Test
    void fetch_servesButDoesNotKeepABlobBiggerThanTheWholeCache() throws Exception {
        Path layout = dir.resolve("py");
        Descriptor artifact = attach(layout);
        EvidenceStore store = new EvidenceStore(RegistryOptions.defaults(), SBOM.length - 1);
        assertThat(store.fetch(at(layout), artifact.digest().toString()).bytes()).isEqualTo(SBOM);
        assertThat(store.cachedBytes()).isZero();
    }

    private static void deleteTree(Path root) throws java.io.IOException {
        try (var paths = Files.walk(root)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
