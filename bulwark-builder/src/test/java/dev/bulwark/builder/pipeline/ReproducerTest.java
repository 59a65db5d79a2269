package dev.bulwark.builder.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.attest.intoto.Statement;
import dev.bulwark.attest.intoto.Subject;
import dev.bulwark.builder.BuildException;
import dev.bulwark.builder.lock.Locker;
import dev.bulwark.builder.reproduce.FileDifference;
import dev.bulwark.builder.reproduce.ReproduceRequest;
import dev.bulwark.builder.reproduce.ReproduceResult;
import dev.bulwark.builder.reproduce.Reproducer;
import dev.bulwark.core.BulwarkException.Kind;
import dev.bulwark.debian.archive.HttpArchive;
import dev.bulwark.debian.archive.HttpTransport;
import dev.bulwark.debian.archive.MirrorConfig;
import dev.bulwark.debian.archive.RetryPolicy;
import dev.bulwark.debian.fetch.DebCache;
import dev.bulwark.debian.fetch.DebFetcher;
import dev.bulwark.debian.pgp.ClearsignVerifier;
import dev.bulwark.debian.pgp.Keyring;
import dev.bulwark.oci.Digest;
import dev.bulwark.core.Progress;
import dev.bulwark.oci.transport.layout.LayoutSource;
import dev.bulwark.oci.transport.layout.LayoutStore;
import dev.bulwark.oci.ref.ImageReference;
import dev.bulwark.oci.transport.Referrers;
import dev.bulwark.oci.transport.RegistryOptions;
import dev.bulwark.testkit.FaultProxy;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** 'bulwark reproduce' as a library: rebuild an image from its provenance alone and compare. */
class ReproducerTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-01T12:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;

    @Test
    void reproduce_isIdenticalForBothArchitecturesFromAnotherCache() throws Exception {
        try (FakeBuildWorld world = new FakeBuildWorld(dir)) {
            world.attachSboms = true;
            BuildResult built = world.build(world.toolSpec(), dir.resolve("cache1"), List.of("amd64", "arm64"),
                    "oci:" + dir.resolve("img"));
            ReproduceResult r = reproducer(world.archive.baseUrl(), dir.resolve("cache2"))
                    .reproduce(request("oci:" + dir.resolve("img")), Progress.NONE);
            assertThat(r.identical()).isTrue();
            assertThat(r.image()).isEqualTo(built.outputs().get(0).written().digest());
            assertThat(r.rebuilt()).isEqualTo(r.image());
            assertThat(r.platforms()).extracting(p -> p.platform().architecture()).containsExactly("amd64", "arm64");
            assertThat(r.platforms()).allMatch(ReproduceResult.PlatformComparison::identical);
            assertThat(r.platforms().get(0).rebuiltLayers()).isEqualTo(r.platforms().get(0).imageLayers());
            assertThat(r.difference()).isNull();
            assertThat(r.provenance().verified()).isFalse();
            assertThat(r.provenance().location()).startsWith("oci:" + dir.resolve("img") + "@sha256:");
        }
    }

    @Test
    void reproduce_namesThePathWhoseModeWasChanged() throws Exception {
        try (FakeBuildWorld world = new FakeBuildWorld(dir)) {
            world.attachSboms = true;
            world.build(world.toolSpec(), dir.resolve("cache1"), List.of("amd64", "arm64"), "oci:" + dir.resolve("img"));
            Path tampered = dir.resolve("tampered");
            TamperedImages.changeMode(dir.resolve("img"), tampered, "/usr/bin/tool", 0755);

            ReproduceResult r = reproducer(world.archive.baseUrl(), dir.resolve("cache2"))
                    .reproduce(request("oci:" + tampered), Progress.NONE);
            assertThat(r.identical()).isFalse();
            assertThat(r.difference()).isNotNull();
            assertThat(r.difference().platform().architecture()).isEqualTo("amd64");
            assertThat(r.difference().files()).containsExactly(
                    new FileDifference("/usr/bin/tool", "mode", "0755", "4755"));
            assertThat(r.platforms().get(1).identical()).isTrue();
            assertThat(r.toJson()).contains("\"identical\" : false").contains("/usr/bin/tool");
        }
    }

    @Test
    void reproduce_refusesAnImageWithoutProvenance() throws Exception {
        try (FakeBuildWorld world = new FakeBuildWorld(dir)) {
            world.build(world.toolSpec(), dir.resolve("cache1"), List.of("amd64"), "oci:" + dir.resolve("img"));
            assertThatThrownBy(() -> reproducer(world.archive.baseUrl(), dir.resolve("cache2"))
                    .reproduce(request("oci:" + dir.resolve("img")), Progress.NONE))
                    .isInstanceOf(BuildException.class).hasMessageContaining("has no SLSA provenance")
                    .extracting("kind").isEqualTo(Kind.BAD_INPUT);
        }
    }

    @Test
    void reproduce_refusesProvenanceWhoseSubjectIsAnotherDigest() throws Exception {
        try (FakeBuildWorld world = new FakeBuildWorld(dir)) {
            Statement original = builtProvenance(world);
            Path bare = bareImage(world);
            TamperedImages.attachProvenance(new LayoutStore(bare), new LayoutSource(bare, "latest").root(),
                    new Statement(List.of(new Subject("tool", new Digest("ab".repeat(32)))), original.predicateType(),
                            original.predicate()));
            assertThatThrownBy(() -> reproducer(world.archive.baseUrl(), dir.resolve("cache2"))
                    .reproduce(request("oci:" + bare), Progress.NONE))
                    .hasMessageContaining("its provenance is about sha256:abab").hasMessageContaining("not about this image")
                    .extracting("kind").isEqualTo(Kind.BAD_INPUT);
        }
    }

    @Test
    void reproduce_refusesProvenanceOfANewerFormat() throws Exception {
        try (FakeBuildWorld world = new FakeBuildWorld(dir)) {
            Statement original = builtProvenance(world);
            String newer = new String(original.predicate(), StandardCharsets.UTF_8)
                    .replace("urn:bulwark:build:v2", "urn:bulwark:build:v3");
            Path bare = bareImage(world);
            TamperedImages.attachProvenance(new LayoutStore(bare), new LayoutSource(bare, "latest").root(),
                    new Statement(original.subjects(), original.predicateType(), newer.getBytes(StandardCharsets.UTF_8)));
            assertThatThrownBy(() -> reproducer(world.archive.baseUrl(), dir.resolve("cache2"))
                    .reproduce(request("oci:" + bare), Progress.NONE))
                    .hasMessageContaining("urn:bulwark:build:v3, a format newer than this Bulwark reads")
                    .extracting("kind").isEqualTo(Kind.BAD_INPUT);
        }
    }

    /** Builds the tool image for amd64 with its provenance and returns that provenance. */
    private Statement builtProvenance(FakeBuildWorld world) throws Exception {
        world.attachSboms = true;
        world.build(world.toolSpec(), dir.resolve("cache1"), List.of("amd64"), "oci:" + dir.resolve("img"));
        return TamperedImages.provenance(dir.resolve("img"));
    }

    /** The same image again, without any evidence attached. */
    private Path bareImage(FakeBuildWorld world) throws Exception {
        world.attachSboms = false;
        world.build(world.toolSpec(), dir.resolve("cache1"), List.of("amd64"), "oci:" + dir.resolve("bare"));
        return dir.resolve("bare");
    }

    @Test
    void reproduce_namesTheDebTheArchiveNoLongerServesAndSuggestsAMirror() throws Exception {
        try (FakeBuildWorld world = new FakeBuildWorld(dir);
             FaultProxy proxy = FaultProxy.start(world.archive.baseUrl().getPort())) {
            world.attachSboms = true;
            world.build(world.toolSpec(), dir.resolve("cache1"), List.of("amd64"), "oci:" + dir.resolve("img"));
            proxy.respond("GET", "/tool_1\\.0-1_amd64\\.deb", 404, Map.of(), 0, 100);
            URI viaProxy = URI.create("http://" + proxy.host() + world.archive.baseUrl().getPath());
            assertThatThrownBy(() -> reproducer(viaProxy, dir.resolve("cache2"))
                    .reproduce(request("oci:" + dir.resolve("img")), Progress.NONE))
                    .hasMessageContaining("tool_1.0-1_amd64.deb").hasMessageContaining("--mirror")
                    .hasMessageContaining("snapshot")
                    .extracting("kind").isEqualTo(Kind.ENVIRONMENT);
        }
    }

    private static ReproduceRequest request(String ref) throws Exception {
        return new ReproduceRequest(ImageReference.parse(ref), RegistryOptions.defaults(), null, null);
    }

    private Reproducer reproducer(URI mirror, Path cache) throws Exception {
        HttpTransport transport = new HttpTransport(new RetryPolicy(1, Duration.ofMillis(10), Duration.ofMillis(10)));
        HttpArchive http = new HttpArchive(new MirrorConfig(mirror, null, "test"), transport,
                new ClearsignVerifier(Keyring.load(new ByteArrayInputStream(FakeBuildWorld.KEY.publicKeyring()), "test"),
                        Clock.systemUTC()), cache, Clock.systemUTC());
        return new Reproducer(new Locker(http, new DebFetcher(transport, new DebCache(cache), 2)), cache.resolve("tmp"),
                CLOCK);
    }
}
