package dev.bulwark.catalog.store;

import static dev.bulwark.catalog.store.Synthetic.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.catalog.CatalogException;
import dev.bulwark.catalog.db.CatalogLocation;
import dev.bulwark.catalog.model.NewBuild;
import dev.bulwark.catalog.model.PackageUse;
import dev.bulwark.catalog.model.Publication;
import dev.bulwark.catalog.release.Release;
import dev.bulwark.catalog.rollback.Rollback;
import dev.bulwark.catalog.rollback.RollbackResult;
import dev.bulwark.core.BulwarkException.Kind;
import dev.bulwark.oci.Descriptor;
import dev.bulwark.oci.MediaTypes;
import dev.bulwark.oci.transport.RegistryOptions;
import dev.bulwark.oci.transport.layout.LayoutStore;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code catalog rollback} on a real OCI layout: the moving tag is written back from the immutable tag. */
class RollbackTest {
    @TempDir
    Path dir;
    final TestClock clock = new TestClock(T0);
    Catalog catalog;
    LayoutStore layout;
    Path layoutDir;
    final Descriptor[] manifests = new Descriptor[3];

    @BeforeEach
    void twoReleases() throws Exception {
        catalog = Catalog.open(new CatalogLocation.SqliteFile(dir.resolve("catalog.db")), Duration.ofSeconds(5), clock);
        layoutDir = dir.resolve("layout");
        layout = new LayoutStore(layoutDir);
        catalog.define(Synthetic.image("a", "oci:" + layoutDir + ":latest"));
        for (int n = 1; n <= 2; n++) {
            manifests[n] = manifest(n);
            layout.putManifest(MediaTypes.OCI_MANIFEST, layout.manifest(manifests[n]), "latest-" + n);
            layout.putManifest(MediaTypes.OCI_MANIFEST, layout.manifest(manifests[n]), "latest");
            catalog.recordBuild(build(n, manifests[n].digest().toString()));
            clock.advance(Duration.ofDays(1));
        }
    }

    @Test
    void rollback_writesTheMovingTagFromTheImmutableOneAndAnnouncesIt() throws Exception {
        RollbackResult r = new Rollback(catalog, RegistryOptions.defaults(), clock).rollback("a", "1");
        assertThat(layout.resolve("latest")).get().extracting(Descriptor::digest).isEqualTo(manifests[1].digest());
        assertThat(layout.resolve("latest-2")).get().extracting(Descriptor::digest).isEqualTo(manifests[2].digest());
        assertThat(r.moved()).extracting(Publication::reference).containsExactly("oci:" + layoutDir + ":latest");
        assertThat(r.release().kind()).isEqualTo(Release.Kind.ROLLED_BACK);
        assertThat(r.release().fromBuild()).isEqualTo(2);
        assertThat(catalog.publications("a")).filteredOn(p -> p.kind() == Publication.Kind.MOVING && p.replacedAt() == null)
                .extracting(Publication::build).containsExactly(1);
        assertThat(catalog.events("a")).extracting(e -> e.kind()).contains("rolled-back");
        // The image's current build moved with the tags: show, who-uses and the watcher see the release served.
        assertThat(catalog.image("a").current().number()).isEqualTo(1);
        assertThat(catalog.whoUses("libc6", null, false)).extracting(PackageUse::build).containsOnly(1);
        assertThat(catalog.whoUses("libc6", "2.41-2", false)).isEmpty();

        // Again: the tag holds build 1 already, so nothing moves and nothing is announced.
        RollbackResult again = new Rollback(catalog, RegistryOptions.defaults(), clock).rollback("a",
                manifests[1].digest().toString());
        assertThat(again.moved()).isEmpty();
        assertThat(again.release()).isNull();
        assertThat(catalog.releases("a", 10)).hasSize(3);

        // Forward again to build 2 by its digest.
        new Rollback(catalog, RegistryOptions.defaults(), clock).rollback("a", manifests[2].digest().toString());
        assertThat(layout.resolve("latest")).get().extracting(Descriptor::digest).isEqualTo(manifests[2].digest());
        assertThat(catalog.image("a").current().number()).isEqualTo(2);
    }

    @Test
    void rollback_refusesAnImmutableTagThatNoLongerHoldsTheRecordedDigest() throws Exception {
        layout.putManifest(MediaTypes.OCI_MANIFEST, layout.manifest(manifests[2]), "latest-1"); // overwritten
        assertThatThrownBy(() -> new Rollback(catalog, RegistryOptions.defaults(), clock).rollback("a", "1"))
                .isInstanceOf(CatalogException.class).hasMessageContaining("latest-1 now holds " + manifests[2].digest()
                        + ", not the recorded " + manifests[1].digest());
        assertThat(layout.resolve("latest")).get().extracting(Descriptor::digest).isEqualTo(manifests[2].digest());
        assertThat(catalog.releases("a", 10)).hasSize(2);
    }

    @Test
    void rollback_refusesABuildOrDigestTheImageDoesNotHave() {
        Rollback rollback = new Rollback(catalog, RegistryOptions.defaults(), clock);
        assertThatThrownBy(() -> rollback.rollback("a", "7")).isInstanceOf(CatalogException.class)
                .hasMessageContaining("no such build");
        assertThatThrownBy(() -> rollback.rollback("a", Synthetic.digest("nope"))).isInstanceOf(CatalogException.class)
                .hasMessageContaining("no build of it has that digest")
                .extracting(e -> ((CatalogException) e).kind()).isEqualTo(Kind.BAD_INPUT);
        assertThatThrownBy(() -> rollback.rollback("a", "yesterday")).isInstanceOf(CatalogException.class)
                .hasMessageContaining("give a build number or a sha256: digest");
    }

    /** A real (empty-layered) manifest stored in the layout by digest. */
    private Descriptor manifest(int n) throws Exception {
        byte[] config = ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"build\":" + n + "}").getBytes(StandardCharsets.UTF_8);
        Descriptor c = Descriptor.of(MediaTypes.OCI_CONFIG, config);
        layout.putBlob(c, () -> new ByteArrayInputStream(config));
        byte[] manifest = ("{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_MANIFEST + "\",\"config\":{\"mediaType\":\""
                + MediaTypes.OCI_CONFIG + "\",\"digest\":\"" + c.digest() + "\",\"size\":" + config.length + "},\"layers\":[]}")
                .getBytes(StandardCharsets.UTF_8);
        return layout.putManifest(MediaTypes.OCI_MANIFEST, manifest, null);
    }

    private NewBuild build(int n, String digest) {
        NewBuild b = Synthetic.build("a", "libc6=2.41-" + n);
        return new NewBuild(b.image(), b.reason(), b.specSha256(), b.lockSha256(), b.lockJson(), b.sourceDateEpoch(),
                digest, b.platforms(), b.packages(), b.attestations(), b.scan(), b.findings(), List.of(
                        new Publication("oci:" + layoutDir + ":latest-" + n, digest, Publication.Kind.IMMUTABLE, 0, clock.instant(), null),
                        new Publication("oci:" + layoutDir + ":latest", digest, Publication.Kind.MOVING, 0, clock.instant(), null)),
                clock.instant(), b.duration());
    }
}
