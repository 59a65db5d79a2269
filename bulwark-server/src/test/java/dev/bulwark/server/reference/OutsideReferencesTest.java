package dev.bulwark.server.reference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.core.BulwarkException.Kind;
import dev.bulwark.oci.Platform;
import dev.bulwark.oci.image.Image;
import dev.bulwark.scan.advisory.TrackerJsonSource;
import dev.bulwark.oci.transport.RegistryOptions;
import dev.bulwark.server.ServerException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Allowed references: parsed at start, read lazily, kept by digest, a tag looked up again after ten minutes. */
class OutsideReferencesTest {
    @TempDir
    Path dir;

    /** A clock the test moves. */
    static final class Moving extends Clock {
        Instant now = Instant.parse("2026-12-01T10:00:00Z");

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"plain", "Plain=oci:x", "=oci:x", "-x=oci:x", "a b=oci:x", "plain=", "plain=ftp://x",
            "thisnameiswaytoolongforanyslugthatwewant=oci:x", "plain=oci-archive:/x.tar",
            "plain=docker-archive:/x.tar"})
    void parse_refusesABadNameOrReference_asBadInput(String option) {
        assertThatThrownBy(() -> AllowedReference.parse(option)).isInstanceOf(ServerException.class)
                .hasMessageStartingWith("cannot use --compare-with " + option + ": ")
                .satisfies(e -> assertThat(((ServerException) e).kind()).isEqualTo(Kind.BAD_INPUT));
    }

    @ParameterizedTest
    @CsvSource({"plain=docker://127.0.0.1:5000/debian:trixie, plain, docker://127.0.0.1:5000/debian:trixie",
            "d12=127.0.0.1:5000/debian@sha256:" + "ab12ab12ab12ab12ab12ab12ab12ab12ab12ab12ab12ab12ab12ab12ab12ab12"
                    + ", d12, docker://127.0.0.1:5000/debian@sha256:ab12ab12ab12ab12ab12ab12ab12ab12ab12ab12ab12ab12"
                    + "ab12ab12ab12ab12",
            "/abs/x, x, x"})
    void parse_acceptsARegistryReferenceByTagOrDigest(String option, String name, String shown) throws Exception {
        if (option.startsWith("/")) {
            AllowedReference local = AllowedReference.parse("local=oci:rel/dir:v1");
            assertThat(local.shown()).isEqualTo("oci:" + Path.of("rel/dir").toAbsolutePath() + ":v1");
            return;
        }
        AllowedReference r = AllowedReference.parse(option);
        assertThat(r.name()).isEqualTo(name);
        assertThat(r.shown()).isEqualTo(shown);
    }

    @Test
    void aNameGivenTwice_isRefused() throws Exception {
        AllowedReference a = AllowedReference.parse("plain=oci:/x");
        assertThatThrownBy(() -> OutsideReferences.of(List.of(a, AllowedReference.parse("plain=oci:/y")), null,
                Clock.systemUTC(), Duration.ZERO)).hasMessageContaining("the name plain is given twice");
    }

    @Test
    void facts_areReadOnce_andKeptByDigest_soTheBlobsAreNotReadAgain() throws Exception {
        Path layout = dir.resolve("plain");
        Image image = ReferenceImages.debian(layout, ReferenceImages.PACKAGES);
        Moving clock = new Moving();
        try (OutsideReferences refs = refs(layout, clock, Duration.ofSeconds(20), null)) {
            AllowedReference plain = refs.find("plain").orElseThrow();
            ReferenceFacts first = refs.facts(plain, Set.of("amd64"));
            assertThat(first.digest()).isEqualTo(image.digest().toString());
            assertThat(first.packages()).extracting(ReferenceFacts.Package::name)
                    .containsExactlyInAnyOrder("libc6", "python3", "libssl3t64", "bash");
            deleteTree(layout.resolve("blobs"));
            assertThat(refs.facts(plain, Set.of("amd64"))).isSameAs(first);
            clock.now = clock.now.plus(Duration.ofMinutes(11));
            assertThat(refs.facts(plain, Set.of("amd64"))).as("the tag still names that digest").isSameAs(first);
            Files.delete(layout.resolve("index.json"));
            clock.now = clock.now.plus(Duration.ofMinutes(11));
            assertThatThrownBy(() -> refs.facts(plain, Set.of("amd64"))).isInstanceOf(ReferenceUnavailable.class)
                    .as("after ten minutes the tag is looked up again, and now it names nothing")
                    .hasMessageStartingWith("cannot compare with plain (oci layout, tag v1): ")
                    .hasMessageNotContaining(layout.toString());
        }
    }

    @Test
    void aTag_isLookedUpAgainAfterTenMinutes_andTheImageItNowNamesIsRead() throws Exception {
        Path layout = dir.resolve("plain");
        ReferenceImages.debian(layout, ReferenceImages.PACKAGES);
        Moving clock = new Moving();
        try (OutsideReferences refs = refs(layout, clock, Duration.ofSeconds(20), null)) {
            AllowedReference plain = refs.find("plain").orElseThrow();
            ReferenceFacts before = refs.facts(plain, Set.of("amd64"));
            deleteTree(layout);
            Image moved = ReferenceImages.debian(layout, ReferenceImages.PACKAGES + ", zlib1g 1:1.3.dfsg-3 zlib");
            clock.now = clock.now.plus(Duration.ofMinutes(9));
            assertThat(refs.facts(plain, Set.of("amd64"))).isSameAs(before);
            clock.now = clock.now.plus(Duration.ofMinutes(2));
            ReferenceFacts after = refs.facts(plain, Set.of("amd64"));
            assertThat(after.digest()).isEqualTo(moved.digest().toString()).isNotEqualTo(before.digest());
            assertThat(after.packages()).extracting(ReferenceFacts.Package::name).contains("zlib1g");
        }
    }

    @Test
    void aSlowRead_isAnsweredAsPending_andFinishesInTheBackground() throws Exception {
        Path layout = dir.resolve("plain");
        ReferenceImages.debian(layout, ReferenceImages.PACKAGES);
        CountDownLatch release = new CountDownLatch(1);
        try (OutsideReferences refs = refs(layout, Clock.systemUTC(), Duration.ofMillis(200), release)) {
            AllowedReference plain = refs.find("plain").orElseThrow();
            assertThatThrownBy(() -> refs.facts(plain, Set.of("amd64"))).isInstanceOf(ReferenceUnavailable.class)
                    .hasMessageContaining("is still being read")
                    .satisfies(e -> assertThat(((ReferenceUnavailable) e).pending()).isTrue());
            release.countDown();
            ReferenceFacts facts = null;
            for (int i = 0; i < 50 && facts == null; i++) {
                try {
                    facts = refs.facts(plain, Set.of("amd64"));
                } catch (ReferenceUnavailable e) {
                    assertThat(e.pending()).as(e.getMessage()).isTrue();
                }
            }
            assertThat(facts).isNotNull();
            assertThat(facts.scan().source()).contains("debian-tracker");
        }
    }

    @Test
    void aFailedRead_isNotTriedAgainUntilThirtySecondsAfterItEnded_notAfterItStarted() throws Exception {
        Path layout = dir.resolve("plain");
        ReferenceImages.debian(layout, ReferenceImages.PACKAGES);
        Moving clock = new Moving();
        AtomicInteger reads = new AtomicInteger();
        ReferenceReader reader = new ReferenceReader(RegistryOptions.defaults(), dir.resolve("cache"), arch -> {
            reads.incrementAndGet();
            clock.now = clock.now.plus(Duration.ofSeconds(40)); // a read that takes 40 s, then fails
            throw new ServerException(Kind.ENVIRONMENT, "the advisories are not there");
        }, clock);
        try (OutsideReferences refs = OutsideReferences.of(List.of(ReferenceImages.allowed("plain", layout)), reader,
                clock, Duration.ofSeconds(20))) {
            AllowedReference plain = refs.find("plain").orElseThrow();
            assertThatThrownBy(() -> refs.facts(plain, Set.of("amd64"))).hasMessageContaining("not there");
            clock.now = clock.now.plus(Duration.ofSeconds(10)); // 50 s after it started, 10 s after it ended
            assertThatThrownBy(() -> refs.facts(plain, Set.of("amd64"))).hasMessageContaining("not there");
            assertThat(reads).as("still within the back-off after the failure").hasValue(1);
            clock.now = clock.now.plus(Duration.ofSeconds(21));
            assertThatThrownBy(() -> refs.facts(plain, Set.of("amd64"))).hasMessageContaining("not there");
            assertThat(reads).hasValue(2);
        }
    }

    @Test
    void aRegistryThatNeverAnswers_failsAtTheDeadline_andRequestsAreAnsweredPendingQuickly() throws Exception {
        Path layout = dir.resolve("plain");
        ReferenceImages.debian(layout, ReferenceImages.PACKAGES);
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            List<Socket> held = new CopyOnWriteArrayList<>();
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        held.add(silent.accept()); // accepted, never answered
                    }
                } catch (java.io.IOException closed) {
                    // the test is over
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            String host = "127.0.0.1:" + silent.getLocalPort();
            List<AllowedReference> allowed = List.of(AllowedReference.parse("hung1=docker://" + host + "/a:1"),
                    AllowedReference.parse("hung2=docker://" + host + "/b:1"), ReferenceImages.allowed("plain", layout));
            Path tracker = ReferenceImages.advisories(dir.resolve("adv"));
            try (OutsideReferences refs = OutsideReferences.of(allowed, ReferenceImages.reader(dir.resolve("cache"),
                    tracker, Clock.systemUTC()), Clock.systemUTC(), Duration.ofMillis(300), Duration.ofSeconds(2), line -> { })) {
                for (String name : List.of("hung1", "hung2")) {
                    long t0 = System.nanoTime();
                    assertThatThrownBy(() -> refs.facts(refs.find(name).orElseThrow(), Set.of("amd64")))
                            .isInstanceOfSatisfying(ReferenceUnavailable.class, e -> assertThat(e.pending()).isTrue());
                    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(2));
                }
                Thread.sleep(2500);
                assertThatThrownBy(() -> refs.facts(refs.find("hung1").orElseThrow(), Set.of("amd64")))
                        .isInstanceOfSatisfying(ReferenceUnavailable.class, e -> assertThat(e.pending()).isFalse())
                        .hasMessageContaining("cannot compare with hung1").hasMessageContaining("took longer than 2 s");
                ReferenceFacts facts = null;
                for (int i = 0; i < 40 && facts == null; i++) {
                    try {
                        facts = refs.facts(refs.find("plain").orElseThrow(), Set.of("amd64"));
                    } catch (ReferenceUnavailable e) {
                        assertThat(e.pending()).as(e.getMessage()).isTrue();
                    }
                }
                assertThat(facts).as("the hung reads were stopped, so the pool reads the next one").isNotNull();
            } finally {
                for (Socket s : held) {
                    s.close();
                }
            }
        }
    }

    @ParameterizedTest
    @CsvSource({"5368709120", "9223372036854775807 9223372036854775807"})
    void aReferenceDeclaringHugeLayers_isRefusedBeforeAnyLayerIsRead(String sizes) throws Exception {
        Path layout = dir.resolve("huge");
        ReferenceImages.debian(layout, ReferenceImages.PACKAGES);
        ReferenceImages.declareLayerSizes(layout, java.util.Arrays.stream(sizes.split(" ")).mapToLong(Long::parseLong)
                .toArray());
        try (OutsideReferences refs = OutsideReferences.of(List.of(ReferenceImages.allowed("huge", layout)),
                ReferenceImages.reader(dir.resolve("cache"), ReferenceImages.advisories(dir.resolve("adv")),
                        Clock.systemUTC()), Clock.systemUTC(), Duration.ofSeconds(20))) {
            assertThatThrownBy(() -> refs.facts(refs.find("huge").orElseThrow(), Set.of("amd64")))
                    .isInstanceOf(ReferenceUnavailable.class)
                    .hasMessageStartingWith("cannot compare with huge (")
                    .hasMessageContaining("its layers declare more than 4 GiB in all")
                    .hasMessageNotContaining("sha256:abab"); // the blob (which is not there) was never opened
        }
    }

    @Test
    void aReferenceListingTooManyPackages_isRefused() throws Exception {
        StringBuilder many = new StringBuilder("libc6 2.41-12 glibc");
        for (int i = 0; i < ReferenceReader.MAX_PACKAGES; i++) {
            many.append(", p").append(i).append(" 1.0-1 p").append(i);
        }
        Path layout = dir.resolve("many");
        ReferenceImages.debian(layout, many.toString());
        try (OutsideReferences refs = OutsideReferences.of(List.of(ReferenceImages.allowed("many", layout)),
                ReferenceImages.reader(dir.resolve("cache"), ReferenceImages.advisories(dir.resolve("adv")),
                        Clock.systemUTC()), Clock.systemUTC(), Duration.ofSeconds(60))) {
            assertThatThrownBy(() -> refs.facts(refs.find("many").orElseThrow(), Set.of("amd64")))
                    .hasMessageStartingWith("cannot compare with many (")
                    .hasMessageContaining("more than 50000 installed packages");
        }
    }

    @Test
    void anUnexpectedFailure_isGenericForUsers_andLoggedOnceWholeForTheOperator() throws Exception {
        Path layout = dir.resolve("plain");
        ReferenceImages.debian(layout, ReferenceImages.PACKAGES);
        List<String> log = new CopyOnWriteArrayList<>();
        ReferenceReader reader = new ReferenceReader(RegistryOptions.defaults(), dir.resolve("cache"), arch -> {
            throw new IllegalStateException("bug near " + layout + "\u001b[31m");
        }, Clock.systemUTC());
        try (OutsideReferences refs = OutsideReferences.of(List.of(ReferenceImages.allowed("plain", layout)), reader,
                Clock.systemUTC(), Duration.ofSeconds(20), Duration.ofMinutes(2), log::add)) {
            AllowedReference plain = refs.find("plain").orElseThrow();
            for (int i = 0; i < 2; i++) {
                assertThatThrownBy(() -> refs.facts(plain, Set.of("amd64")))
                        .hasMessage("cannot read reference plain (see the server log)");
            }
            assertThat(log).hasSize(1);
            assertThat(log.get(0)).startsWith("bulwark serve: cannot compare with ref:plain (oci:" + layout + ":v1): ")
                    .contains("IllegalStateException: bug near " + layout).doesNotContain("\u001b");
        }
    }

    @Test
    void aFailureNamingTheLayout_showsUsersNoLocalPath() throws Exception {
        Path layout = dir.resolve("secret-place/plain");
        ReferenceImages.debian(layout, ReferenceImages.PACKAGES);
        ReferenceImages.declareLayerSizes(layout, 10, 10); // two layers for a config with one diff_id: refused
        List<String> log = new CopyOnWriteArrayList<>();
        try (OutsideReferences refs = OutsideReferences.of(List.of(ReferenceImages.allowed("plain", layout)),
                ReferenceImages.reader(dir.resolve("cache"), ReferenceImages.advisories(dir.resolve("adv")),
                        Clock.systemUTC()), Clock.systemUTC(), Duration.ofSeconds(20), Duration.ofMinutes(2), log::add)) {
            assertThatThrownBy(() -> refs.facts(refs.find("plain").orElseThrow(), Set.of("amd64")))
                    .hasMessageStartingWith("cannot compare with plain (oci layout, tag v1): ")
                    .hasMessageContaining("<layout of ref:plain>").hasMessageNotContaining("secret-place");
            assertThat(log).singleElement().asString().contains(layout.toString());
        }
    }

    @Test
    void aReadAskedForAfterClose_isPendingAsTheServerStops_notAnUnexpectedException() throws Exception {
        Path layout = dir.resolve("plain");
        ReferenceImages.debian(layout, ReferenceImages.PACKAGES);
        OutsideReferences refs = refs(layout, Clock.systemUTC(), Duration.ofSeconds(20), null);
        refs.close();
        assertThatThrownBy(() -> refs.facts(refs.find("plain").orElseThrow(), Set.of("amd64")))
                .isInstanceOfSatisfying(ReferenceUnavailable.class, e -> assertThat(e.pending()).isTrue())
                .hasMessageContaining("the server is stopping");
    }

    @Test
    void archsThatChooseTheSamePlatforms_shareOneRead() throws Exception {
        Path layout = dir.resolve("plain");
        ReferenceImages.debian(layout, ReferenceImages.PACKAGES); // amd64 only
        Path tracker = ReferenceImages.advisories(dir.resolve("adv"));
        AtomicInteger reads = new AtomicInteger();
        ReferenceReader reader = new ReferenceReader(RegistryOptions.defaults(), dir.resolve("cache"), arch -> {
            reads.incrementAndGet();
            return List.of(new TrackerJsonSource(tracker));
        }, Clock.systemUTC());
        try (OutsideReferences refs = OutsideReferences.of(List.of(ReferenceImages.allowed("plain", layout)), reader,
                Clock.systemUTC(), Duration.ofSeconds(20))) {
            AllowedReference plain = refs.find("plain").orElseThrow();
            ReferenceFacts first = refs.facts(plain, Set.of("s390x"));
            assertThat(first.archs()).containsExactly("amd64");
            assertThat(refs.facts(plain, Set.of("ppc64el"))).isSameAs(first);
            assertThat(refs.facts(plain, Set.of("amd64"))).isSameAs(first);
            assertThat(reads).hasValue(1);
        }
    }

    @ParameterizedTest
    @CsvSource({"amd64 arm64, amd64 arm64", "arm64, arm64", "s390x, FIRST_OR_HOST"})
    void platforms_areTheComparedArchs_elseThisMachines_elseTheFirst(String wanted, String expected)
            throws Exception {
        List<Platform> available = List.of(Platform.fromDebianArch("arm64"), Platform.fromDebianArch("amd64"),
                new Platform("unknown", "unknown", null));
        var chosen = ReferenceReader.platforms(available, Set.of(wanted.split(" ")));
        if (expected.equals("FIRST_OR_HOST")) {
            String host = dev.bulwark.image.ImageSources.hostArch();
            assertThat(chosen.keySet()).containsExactly(host.equals("amd64") ? "amd64" : "arm64");
        } else {
            assertThat(chosen.keySet()).containsExactly(expected.split(" "));
        }
    }

    private OutsideReferences refs(Path layout, Clock clock, Duration wait, CountDownLatch gate) throws Exception {
        Path tracker = ReferenceImages.advisories(dir.resolve("adv"));
        ReferenceReader reader = new ReferenceReader(RegistryOptions.defaults(), dir.resolve("cache"), arch -> {
            try {
                if (gate != null && !gate.await(10, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("never released");
                }
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            return List.of(new TrackerJsonSource(tracker));
        }, clock);
        return OutsideReferences.of(List.of(ReferenceImages.allowed("plain", layout)), reader, clock, wait);
    }

    private static void deleteTree(Path p) throws Exception {
        try (Stream<Path> s = Files.walk(p)) {
            for (Path q : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(q);
            }
        }
    }
}
