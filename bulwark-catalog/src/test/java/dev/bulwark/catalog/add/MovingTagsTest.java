package dev.bulwark.catalog.add;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.builder.api.ArchiveSettings;
import dev.bulwark.builder.api.Workspace;
import dev.bulwark.builder.pipeline.ImageBuilder;
import dev.bulwark.catalog.db.CatalogLocation;
import dev.bulwark.catalog.model.Publication;
import dev.bulwark.catalog.store.Catalog;
import dev.bulwark.core.Progress;
import dev.bulwark.debian.archive.MirrorConfig;
import dev.bulwark.debian.archive.RetryPolicy;
import dev.bulwark.oci.layer.Compression;
import dev.bulwark.oci.ref.ImageReference;
import dev.bulwark.oci.transport.RegistryOptions;
import dev.bulwark.oci.transport.layout.LayoutStore;
import dev.bulwark.spec.Spec;
import dev.bulwark.spec.SpecParser;
import dev.bulwark.spec.lock.LockfileCodec;
import dev.bulwark.testkit.FakeArchive;
import dev.bulwark.testkit.FakeDeb;
import dev.bulwark.testkit.TestKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.interfaces.ECPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code catalog add} (and so every watch rebuild) moves the moving tag only after the build's signature and evidence
 * are attached: a build that dies while attaching them — as a watcher killed there would — leaves the tag on the
 * previous release, and nothing is recorded but the failure.
 */
class MovingTagsTest {
    static final TestKey KEY = TestKey.generate("Bulwark Moving Tags Test <tags@example.invalid>");

    @TempDir
    Path dir;

    @Test
    void buildFailingWhileAttachingEvidence_leavesTheMovingTagOnThePreviousRelease_theNextBuildMovesIt()
            throws Exception {
        try (FakeArchive archive = FakeArchive.builder(KEY).archs("amd64")
                .add("trixie", "main", FakeDeb.builder("hello", "1.0-1", "amd64").build())
                .add("trixie-updates", "main", FakeDeb.builder("unrelated", "1.0-1", "all").build())
                .add("trixie-security", "main", FakeDeb.builder("unrelated", "1.0-1", "all").build()).start()) {
            Files.write(dir.resolve("archive.gpg"), KEY.publicKeyring());
            Path specFile = Files.writeString(dir.resolve("x.yaml"), "name: x\ndistribution: trixie\narchs: [amd64]\n"
                    + "keyrings: [archive.gpg]\npackages: [hello]\n");
            Path cache = dir.resolve("cache");
            Workspace ws = Workspace.open(new ArchiveSettings(new MirrorConfig(archive.baseUrl(), null, "test"), cache, 2,
                    List.of(dir.resolve("archive.gpg")), new RetryPolicy(2, Duration.ofMillis(10), Duration.ofMillis(10)),
                    "test"), Clock.systemUTC());
            Catalog catalog = Catalog.open(new CatalogLocation.SqliteFile(dir.resolve("catalog.db")), Duration.ofSeconds(5),
                    Clock.systemUTC());
            CatalogAdd add = new CatalogAdd(catalog, new ImageBuilder(ws.locker(), cache), Clock.systemUTC());
            Path layout = dir.resolve("out");
            Spec spec = new SpecParser().parse(specFile);

            add.add(request(spec, layout, null), Progress.NONE);
            String first = tag(layout, "latest");

            // The archive moves on; the next build has other content, and its signer dies while signing.
            archive.publishUpdate("trixie", "main", FakeDeb.builder("hello", "1.0-2", "amd64").build(), Instant.now());
            Files.delete(LockfileCodec.lockPathFor(specFile));
            assertThatThrownBy(() -> add.add(request(spec, layout, new DyingSigner()), Progress.NONE))
                    .hasMessageContaining("killed while signing");
            assertThat(tag(layout, "latest")).as("the moving tag stays on build 1").isEqualTo(first);
            assertThat(catalog.builds("x")).hasSize(1);
            assertThat(catalog.publications("x")).filteredOn(p -> p.kind() == Publication.Kind.MOVING).hasSize(1);
            assertThat(catalog.events("x")).extracting(e -> e.kind()).contains("build.failed");

            var second = add.add(request(spec, layout, null), Progress.NONE);
            String moved = tag(layout, "latest");
            assertThat(moved).isNotEqualTo(first);
            assertThat(second.recorded().publications()).extracting(Publication::kind)
                    .containsExactly(Publication.Kind.IMMUTABLE, Publication.Kind.MOVING);
            assertThat(second.recorded().publications()).extracting(Publication::digest).containsOnly(moved);
            assertThat(second.recorded().attestations()).as("the evidence on the digest the tag now names")
                    .extracting(a -> a.kind()).contains("provenance", "sbom-spdx");
        }
    }

    private static AddRequest request(Spec spec, Path layout, dev.bulwark.attest.signers.Signer signer) {
        return new AddRequest(spec, LockfileCodec.lockPathFor(spec.file()), List.of("amd64"),
                List.of(new ImageReference.OciLayout(layout, "latest")), new ImageReference.OciLayout(layout, "latest"),
                Compression.GZIP, null, RegistryOptions.defaults(), signer, true, "test");
    }

    private static String tag(Path layout, String tag) throws Exception {
        return new LayoutStore(layout).resolve(tag).orElseThrow().digest().toString();
    }

    /** A signer whose process dies in the middle of attaching evidence. */
    private static final class DyingSigner implements dev.bulwark.attest.signers.Signer {
        @Override
        public byte[] sign(byte[] data) {
            throw new IllegalStateException("killed while signing");
        }

        @Override
        public ECPublicKey publicKey() {
            throw new IllegalStateException("killed while signing");
        }
    }
}
