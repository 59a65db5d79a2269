package dev.bulwark.oci.transport.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulwark.core.BulwarkException.Kind;
import dev.bulwark.core.Progress;
import dev.bulwark.oci.Descriptor;
import dev.bulwark.oci.Digest;
import dev.bulwark.oci.ExternalTool;
import dev.bulwark.oci.Fixtures;
import dev.bulwark.oci.OciException;
import dev.bulwark.oci.Platform;
import dev.bulwark.oci.image.Image;
import dev.bulwark.oci.layer.Compression;
import dev.bulwark.oci.transport.layout.LayoutSink;
import dev.bulwark.oci.transport.layout.LayoutSource;
import dev.bulwark.oci.transport.layout.LayoutStore;
import dev.bulwark.oci.transport.ImageCopy;
import dev.bulwark.oci.ref.ImageReference;
import dev.bulwark.oci.transport.ImageWrite;
import dev.bulwark.oci.transport.Referrers;
import dev.bulwark.oci.transport.RegistryOptions;
import dev.bulwark.oci.transport.Transports;
import dev.bulwark.oci.transport.WriteResult;
import dev.bulwark.oci.validate.Validation;
import dev.bulwark.testkit.FaultProxy;
import dev.bulwark.testkit.LocalRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static dev.bulwark.oci.ExternalTool.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Bulwark's registry client against Debian's docker-registry, skopeo and oras, directly and through a fault proxy. */
class RegistryIT {
    static final Platform AMD64 = new Platform("linux", "amd64", null);
    static final Platform ARM64 = new Platform("linux", "arm64", "v8");
    static final RetryPolicy FAST = new RetryPolicy(5, Duration.ofMillis(20), Duration.ofMillis(100), Duration.ofSeconds(2));

    @TempDir
    static Path tmp;
    static LocalRegistry open;
    static LocalRegistry secured;
    static ImageWrite multiArch;
    static Digest layoutIndexDigest;

    @BeforeAll
    static void start() throws Exception {
        ExternalTool.require("docker-registry");
        open = LocalRegistry.start(tmp.resolve("open"));
        secured = LocalRegistry.start(tmp.resolve("secured"), "alice", "s3cret");
        multiArch = new ImageWrite(List.of(Fixtures.smallImage(tmp.resolve("a"), AMD64, Compression.GZIP),
                Fixtures.smallImage(tmp.resolve("b"), ARM64, Compression.GZIP)), Map.of("org.example", "multi"));
        layoutIndexDigest = new LayoutSink(tmp.resolve("layout"), "multi").write(multiArch).digest();
    }

    @AfterAll
    static void stop() {
        if (open != null) {
            open.close();
        }
        if (secured != null) {
            secured.close();
        }
    }

    static ImageReference ref(String s) throws OciException {
        return ImageReference.parse(s);
    }

    static RegistryOptions options() {
        return new RegistryOptions(true, null, null, Progress.NONE, FAST);
    }

    @Test
    void push_multiArchIndex_isReadBySkopeoAndOrasAndCopiesBackWithSameDigests() throws Exception {
        String target = open.host() + "/static:1";
        WriteResult pushed = Transports.openSink(ref("docker://" + target), options()).write(multiArch);
        assertThat(pushed.digest()).isEqualTo(layoutIndexDigest);

        ExternalTool.require("skopeo");
        String raw = run("skopeo", "inspect", "--tls-verify=false", "--raw", "docker://" + target);
        assertThat(Digest.of(raw.getBytes(StandardCharsets.UTF_8))).isEqualTo(pushed.digest());
        JsonNode inspect = new ObjectMapper().readTree(run("skopeo", "--override-arch", "arm64", "--override-variant",
                "v8", "inspect", "--tls-verify=false", "docker://" + target));
        assertThat(inspect.path("Architecture").asText()).isEqualTo("arm64");
        ExternalTool.require("oras");
        String fetched = run("oras", "manifest", "fetch", "--plain-http", target);
        assertThat(Digest.of(fetched.getBytes(StandardCharsets.UTF_8))).isEqualTo(pushed.digest());

        Path back = tmp.resolve("back");
        ImageCopy.Result copied = Transports.copy(ref("docker://" + target), ref("oci:" + back + ":copied"), options());
        assertThat(copied.root().digest()).isEqualTo(pushed.digest());
        LayoutSource source = new LayoutSource(back, "copied");
        Validation.validate(source);
        assertThat(source.image(ARM64).digest()).isEqualTo(pushed.manifests().get(ARM64));
        Validation.validate(Transports.openSource(ref("docker://" + target), options()));
    }

    @Test
    void copy_layoutToRegistryAndAcrossRepositories_keepsDigestsAndMounts() throws Exception {
        ImageCopy.Result first = Transports.copy(ref("oci:" + tmp.resolve("layout") + ":multi"),
                ref(open.host() + "/copies/one:v1"), options());
        assertThat(first.root().digest()).isEqualTo(layoutIndexDigest);
        ImageCopy.Result second = Transports.copy(ref(open.host() + "/copies/one:v1"),
                ref("docker://" + open.host() + "/copies/two@" + layoutIndexDigest), options());
        assertThat(second.root().digest()).isEqualTo(layoutIndexDigest);
        assertThat(second.blobsCopied()).hasSize(first.blobsCopied().size());
    }

    @Test
    void push_reportsOneSummaryPerImage_andEachBlobOnlyAsDetail() throws Exception {
        List<String> ends = new java.util.concurrent.CopyOnWriteArrayList<>();
        List<String> details = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.concurrent.atomic.AtomicLong bytes = new java.util.concurrent.atomic.AtomicLong();
        Progress recording = new Progress() {
            @Override
            public void begin(String task, long total) {
            }

            @Override
            public void advance(long amount) {
                bytes.addAndGet(amount);
            }

            @Override
            public void end(String summary) {
                ends.add(summary);
            }

            @Override
            public void detail(String line) {
                details.add(line);
            }
        };
        RegistryOptions options = new RegistryOptions(true, null, null, recording, FAST);

        Transports.openSink(ref("docker://" + open.host() + "/summaries:1"), options).write(multiArch);

        assertThat(ends).hasSize(2).allSatisfy(line -> assertThat(line).startsWith("pushed linux/")
                .contains("summaries").contains("blobs sent"));
        assertThat(details).isNotEmpty().allSatisfy(line -> assertThat(line).startsWith("pushed sha256:"));
        long total = multiArch.images().stream().mapToLong(i -> i.manifest().config().size()
                + i.layers().stream().mapToLong(l -> l.descriptor().size()).sum()).sum();
        assertThat(bytes.get()).isEqualTo(total);
    }

    @ParameterizedTest(name = "chunk size {0}")
    @ValueSource(longs = {RegistryStore.DEFAULT_CHUNK, 300})
    void push_throughFaultProxy_survivesDropsServerErrorsAndRateLimits(long chunkSize) throws Exception {
        try (FaultProxy proxy = FaultProxy.start(open.port())) {
            proxy.dropAfter("PUT", "/blobs/uploads/", 100, 0, 1);
            proxy.dropAfter("PATCH", "/blobs/uploads/", 100, 0, 1);
            proxy.respond("POST", "/blobs/uploads/", 503, Map.of(), 1, 1);
            proxy.respond("HEAD", "/blobs/", 503, Map.of(), 0, 1);
            proxy.respond("PUT", "/manifests/1$", 429, Map.of("Retry-After", "1"), 0, 1);
            proxy.respond("PATCH", "/blobs/uploads/", 503, Map.of(), 2, 1);
            RegistryClient client = new RegistryClient(proxy.host(), true, null, FAST);
            String repo = "faulty/chunk" + (chunkSize == 300 ? "ed" : "less");
            RegistryStore store = new RegistryStore(client, repo, Progress.NONE, chunkSize);

            WriteResult pushed = new RegistrySink(store, "1", null).write(multiArch);

            assertThat(pushed.digest()).isEqualTo(layoutIndexDigest);
            int uniqueBlobs = 5;
            assertThat(proxy.count("POST", "/blobs/uploads/")).as(proxy.requests().toString())
                    .isGreaterThanOrEqualTo(uniqueBlobs + 2);
            assertThat(proxy.count("PATCH", "/blobs/uploads/") > 0).isEqualTo(chunkSize == 300);
            assertThat(proxy.count("PUT", "/manifests/1$")).isEqualTo(2);
            Path back = tmp.resolve("back-" + chunkSize);
            Transports.copy(ref(open.host() + "/" + repo + ":1"), ref("oci:" + back + ":x"), options());
            Validation.validate(new LayoutSource(back, "x"));
            assertThat(new LayoutSource(back, "x").root().digest()).isEqualTo(layoutIndexDigest);
        }
    }

    @Test
    void push_interruptedThenRunAgain_uploadsOnlyMissingBlobsAndLeavesNoTag() throws Exception {
        try (FaultProxy proxy = FaultProxy.start(open.port())) {
            RegistryClient client = new RegistryClient(proxy.host(), true, null, new RetryPolicy(2, Duration.ofMillis(10),
                    Duration.ofMillis(10), Duration.ofMillis(10)));
            RegistryStore store = new RegistryStore(client, "interrupted", Progress.NONE, RegistryStore.DEFAULT_CHUNK);
            proxy.respond("POST", "/blobs/uploads/", 500, Map.of(), 2, 1000);

            assertThatThrownBy(() -> new RegistrySink(store, "1", null).write(multiArch))
                    .isInstanceOfSatisfying(RegistryException.class, e -> {
                        assertThat(e.status()).isEqualTo(500);
                        assertThat(e.kind()).isEqualTo(Kind.ENVIRONMENT);
                    });
            assertThat(store.resolve("1")).isEmpty();

            proxy.clearFaults();
            proxy.resetCounts();
            WriteResult pushed = new RegistrySink(store, "1", null).write(multiArch);

            assertThat(pushed.digest()).isEqualTo(layoutIndexDigest);
            int uniqueBlobs = 5; // two base layers, one shared app layer, two configs
            assertThat(proxy.count("POST", "/v2/interrupted/blobs/uploads/")).isEqualTo(uniqueBlobs - 2);
        }
    }

    @Test
    void basicAuth_rightCredentialsPushWrongOnesAreRefusedWithoutATag() throws Exception {
        Image image = multiArch.images().get(0);
        String target = secured.host() + "/private:1";
        RegistryOptions wrong = new RegistryOptions(true, new Credentials("alice", "nope"), null, Progress.NONE, FAST);
        assertThatThrownBy(() -> Transports.openSink(ref(target), wrong).write(ImageWrite.of(image)))
                .isInstanceOfSatisfying(RegistryException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.ENVIRONMENT);
                    assertThat(e.status()).isEqualTo(401);
                    assertThat(e.getMessage()).contains("wrong user name or password");
                });
        RegistryOptions none = options();
        assertThatThrownBy(() -> Transports.openSink(ref(target), none).write(ImageWrite.of(image)))
                .hasMessageContaining("--creds");

        Path authFile = tmp.resolve("auth.json");
        Files.writeString(authFile, "{\"auths\":{\"" + secured.host() + "\":{\"auth\":\""
                + java.util.Base64.getEncoder().encodeToString("alice:s3cret".getBytes(StandardCharsets.UTF_8)) + "\"}}}");
        RegistryOptions right = new RegistryOptions(true, null, authFile, Progress.NONE, FAST);
        assertThat(Transports.openStore(ref(target), right).resolve("1")).isEmpty();
        WriteResult pushed = Transports.openSink(ref(target), right).write(ImageWrite.of(image));
        assertThat(Transports.openStore(ref(target), right).resolve("1")).get()
                .extracting(Descriptor::digest).isEqualTo(pushed.digest());
    }

    @Test
    void pull_unknownRepositoryOrTag_isBadInputNamingIt() {
        assertThatThrownBy(() -> Transports.openSource(ref(open.host() + "/nothing/here:1"), options()).root())
                .isInstanceOfSatisfying(OciException.class, e -> assertThat(e.kind()).isEqualTo(Kind.BAD_INPUT))
                .hasMessageContaining("nothing/here:1").hasMessageContaining("no such manifest");
    }

    @Test
    void attach_listsReferrersThroughTagSchemeAndOrasDiscoversThem() throws Exception {
        String target = open.host() + "/signed:1";
        WriteResult pushed = Transports.openSink(ref("docker://" + target), options()).write(multiArch);
        var store = Transports.openStore(ref(target), options());
        Descriptor subject = store.resolve("1").orElseThrow();
        Descriptor artifact = Referrers.attach(store, subject, "application/vnd.bulwark.test+json",
                List.of(Referrers.Blob.of("application/json", "{\"hello\":1}".getBytes(StandardCharsets.UTF_8))),
                Map.of("org.opencontainers.image.title", "test"));

        assertThat(Referrers.list(store, pushed.digest(), null)).extracting(Descriptor::digest)
                .containsExactly(artifact.digest());
        assertThat(store.resolve(Referrers.fallbackTag(pushed.digest()))).isPresent();
        ExternalTool.require("oras");
        String discovered = run("oras", "discover", "--plain-http", "--format", "json", target);
        assertThat(discovered).contains(artifact.digest().toString()).contains("application/vnd.bulwark.test+json");
    }

    @Test
    void attach_inLayout_usesTheSameTagScheme() throws Exception {
        Path dir = tmp.resolve("ref-layout");
        WriteResult written = new LayoutSink(dir, "v1").write(multiArch);
        LayoutStore store = new LayoutStore(dir);
        Descriptor subject = store.resolve("v1").orElseThrow();
        Descriptor a = Referrers.attach(store, subject, "application/vnd.bulwark.a", List.of(), Map.of());
        Descriptor b = Referrers.attach(store, subject, "application/vnd.bulwark.b", List.of(), Map.of());
        assertThat(Referrers.list(store, written.digest(), null)).extracting(Descriptor::digest)
                .containsExactly(a.digest(), b.digest());
        assertThat(Referrers.list(store, written.digest(), "application/vnd.bulwark.b")).extracting(Descriptor::digest)
                .containsExactly(b.digest());
        Validation.validate(new LayoutSource(dir, "v1"));
    }
}
