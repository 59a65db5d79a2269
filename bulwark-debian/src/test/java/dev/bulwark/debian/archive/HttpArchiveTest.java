package dev.bulwark.debian.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.core.BulwarkException.Kind;
import dev.bulwark.core.Progress;
import dev.bulwark.debian.fetch.DebCache;
import dev.bulwark.debian.fetch.DebFetcher;
import dev.bulwark.debian.pgp.ClearsignVerifier;
import dev.bulwark.debian.pgp.Keyring;
import dev.bulwark.testkit.Compression;
import dev.bulwark.testkit.FakeArchive;
import dev.bulwark.testkit.FakeDeb;
import dev.bulwark.testkit.TestKey;
import java.io.ByteArrayInputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HttpArchiveTest {

    private static final TestKey KEY = TestKey.generate("Bulwark Test Archive <test@example.invalid>");

    @TempDir
    Path cache;

    private FakeArchive fake;

    @BeforeEach
    void start() throws Exception {
        fake = FakeArchive.builder(KEY)
                .add("trixie", "main", FakeDeb.builder("libc6", "2.41-12", "amd64").build())
                .add("trixie", "main", FakeDeb.builder("tzdata", "2025b-4", "all")
                        .field("Depends", "debconf (>= 0.5) | debconf-2.0").compression(Compression.ZSTD).build())
                .add("trixie", "main", FakeDeb.builder("zlib1g", "1:1.3.dfsg+really1.3.1-1+b1", "amd64")
                        .field("Source", "zlib (1:1.3.dfsg+really1.3.1-1)").compression(Compression.GZIP).build())
                .start();
    }

    @AfterEach
    void stop() {
        fake.close();
    }

    private HttpArchive archive(URI base, Keyring keyring) {
        return new HttpArchive(new MirrorConfig(base, null, "test"), transport(), new ClearsignVerifier(keyring, Clock.systemUTC()),
                cache, Clock.systemUTC());
    }

    private static HttpTransport transport() {
        return new HttpTransport(new RetryPolicy(3, Duration.ofMillis(10), Duration.ofMillis(20)));
    }

    private HttpArchive archive() throws Exception {
        return archive(fake.baseUrl(), Keyring.load(new ByteArrayInputStream(KEY.publicKeyring()), "test key"));
    }

    @Test
    void release_verifiesAndReadsTheIndexes() throws Exception {
        HttpArchive archive = archive();
        SuiteRelease trixie = archive.release("trixie");
        List<ArchivePackage> packages = Indexes.load(archive, List.of(trixie), List.of("main"), "amd64");
        assertThat(packages).extracting(ArchivePackage::name).containsExactlyInAnyOrder("libc6", "tzdata", "zlib1g");
        ArchivePackage zlib = packages.stream().filter(p -> p.name().equals("zlib1g")).findFirst().orElseThrow();
        assertThat(zlib.source()).isEqualTo("zlib");
        assertThat(zlib.sourceVersion().toString()).isEqualTo("1:1.3.dfsg+really1.3.1-1");
        assertThat(zlib.version().epoch()).isEqualTo(1);
        assertThat(trixie.inReleaseSha256()).hasSize(64);
    }

    @Test
    void release_secondTimeIsConditionalAndIndexesComeFromTheCache() throws Exception {
        HttpArchive archive = archive();
        Indexes.load(archive, List.of(archive.release("trixie")), List.of("main"), "amd64");
        int before = fake.requests().size();
        Indexes.load(archive, List.of(archive.release("trixie")), List.of("main"), "amd64");
        List<String> again = fake.requests().subList(before, fake.requests().size());
        assertThat(again).singleElement().asString().contains("InRelease").contains("[conditional]");
    }

    @Test
    void index_looksNamesUpInTheParsedCopyAndRewritesItWhenDamaged() throws Exception {
        HttpArchive archive = archive();
        SuiteRelease trixie = archive.release("trixie");
        List<ArchivePackage> first = Indexes.load(archive, List.of(trixie), List.of("main"), "amd64");
        Path parsed;
        try (Stream<Path> files = Files.list(cache.resolve("indexes/parsed"))) {
            parsed = files.filter(p -> p.toString().endsWith(".b3")).findFirst().orElseThrow();
        }
        byte[] good = Files.readAllBytes(parsed);
        PackageIndex index = archive.index(trixie, "main", "amd64");
        assertThat(index.named("libc6")).extracting(ArchivePackage::id).containsExactly("libc6=2.41-12");
        assertThat(index.providing("libc6")).isEmpty();
        assertThat(index.names()).containsExactlyInAnyOrder("libc6", "tzdata", "zlib1g");
        for (byte[] damaged : List.of(java.util.Arrays.copyOf(good, good.length / 2), flipped(good, good.length / 3))) {
            Files.write(parsed, damaged);
            int before = fake.requests().size();
            assertThat(archive.index(trixie, "main", "amd64").all()).isEqualTo(first);
            assertThat(Files.readAllBytes(parsed)).isEqualTo(good);
            assertThat(fake.requests().subList(before, fake.requests().size())).isEmpty(); // rebuilt from the cache
        }
    }

    @Test
    void packagesWanted_readsOnlyThoseStanzasOnce_thenParsesTheIndexForTheReadsThatFollow() throws Exception {
        HttpArchive archive = archive();
        SuiteRelease trixie = archive.release("trixie");
        PackagesIndexReader.Wanted wanted = (pkg, source) -> pkg.equals("libc6") || source.equals("zlib");

        List<ArchivePackage> cold = archive.packages(trixie, "main", "amd64", wanted);
        assertThat(cold).extracting(ArchivePackage::name).containsExactlyInAnyOrder("libc6", "zlib1g");
        assertThat(cache.resolve("indexes/parsed")).as("no parsed copy for one read of a few names").doesNotExist();

        assertThat(archive.packages(trixie, "main", "amd64", (pkg, source) -> pkg.equals("tzdata")))
                .extracting(ArchivePackage::name).containsExactly("tzdata");
        try (Stream<Path> files = Files.list(cache.resolve("indexes/parsed"))) {
            assertThat(files).as("a second read in this process parses the index once").hasSize(1);
        }
        List<ArchivePackage> all = Indexes.load(archive, List.of(trixie), List.of("main"), "amd64");
        assertThat(archive.packages(trixie, "main", "amd64", wanted)).as("from the parsed copy, in index order")
                .isEqualTo(cold).isEqualTo(all.stream().filter(p -> !p.name().equals("tzdata")).toList());
    }

    private static byte[] flipped(byte[] bytes, int at) {
        byte[] c = bytes.clone();
        c[at] ^= 0x20;
        return c;
    }

    @Test
    void release_refusesATamperedInRelease() throws Exception {
        fake.tamperInRelease("trixie");
        assertThatThrownBy(() -> archive().release("trixie")).isInstanceOf(ArchiveException.class)
                .hasMessageContaining("cannot verify").hasMessageContaining("InRelease")
                .satisfies(e -> assertThat(((ArchiveException) e).kind()).isEqualTo(Kind.ENVIRONMENT));
        assertThat(Files.exists(cache.resolve("indexes"))).isTrue();
        try (Stream<Path> files = Files.walk(cache)) {
            assertThat(files.filter(p -> p.getFileName().toString().equals("InRelease"))).isEmpty();
        }
    }

    @Test
    void release_verifiesAChangedInReleaseAgainEvenAfterAGoodOne() throws Exception {
        HttpArchive archive = archive();
        archive.release("trixie");
        fake.tamperInRelease("trixie");
        assertThatThrownBy(() -> archive.release("trixie")).isInstanceOf(ArchiveException.class)
                .hasMessageContaining("cannot verify");
    }

    @Test
    void release_reusesAVerificationOnlyForTheSameKeys() throws Exception {
        java.util.concurrent.atomic.AtomicInteger loads = new java.util.concurrent.atomic.AtomicInteger();
        java.util.function.Function<String, HttpArchive> withTrust = id -> new HttpArchive(
                new MirrorConfig(fake.baseUrl(), null, "test"), transport(), new HttpArchive.VerifierSource() {
                    @Override
                    public ClearsignVerifier get() throws dev.bulwark.debian.pgp.SignatureException {
                        loads.incrementAndGet();
                        return new ClearsignVerifier(Keyring.load(new ByteArrayInputStream(KEY.publicKeyring()), "k"),
                                Clock.systemUTC());
                    }

                    @Override
                    public String trustId() {
                        return id;
                    }
                }, cache, Clock.systemUTC());
        withTrust.apply("keys-a").release("trixie");
        withTrust.apply("keys-a").release("trixie");
        assertThat(loads).hasValue(1);
        withTrust.apply("keys-b").release("trixie");
        assertThat(loads).hasValue(2);
    }

    @Test
    void release_refusesAnUnsignedInRelease() throws Exception {
        fake.stripSignature("trixie");
        assertThatThrownBy(() -> archive().release("trixie")).isInstanceOf(ArchiveException.class)
                .hasMessageContaining("cannot verify");
    }

    @Test
    void release_refusesASignatureByAnUnknownKey() throws Exception {
        TestKey stranger = TestKey.generate("Stranger <x@example.invalid>");
        fake.resignWith("trixie", stranger);
        assertThatThrownBy(() -> archive().release("trixie")).isInstanceOf(ArchiveException.class)
                .hasMessageContaining("cannot verify");
    }

    @Test
    void openPackages_fallsBackToTheGzipIndexWhenTheXzOneIsBad() throws Exception {
        fake.corruptIndex("trixie", "main", "amd64", Compression.XZ);
        HttpArchive archive = archive();
        List<ArchivePackage> packages = Indexes.load(archive, List.of(archive.release("trixie")), List.of("main"), "amd64");
        assertThat(packages).hasSize(3);
        assertThat(fake.requests()).anyMatch(r -> r.contains("Packages.gz"));
    }

    @Test
    void openPackages_refusesAnIndexWhoseHashDiffersFromTheRelease() throws Exception {
        fake.corruptIndex("trixie", "main", "amd64", Compression.XZ);
        fake.corruptIndex("trixie", "main", "amd64", Compression.GZIP);
        HttpArchive archive = archive();
        SuiteRelease trixie = archive.release("trixie");
        assertThatThrownBy(() -> Indexes.load(archive, List.of(trixie), List.of("main"), "amd64"))
                .isInstanceOf(ArchiveException.class).hasMessageContaining("SHA-256");
        try (Stream<Path> files = Files.list(cache.resolve("indexes/sha256"))) {
            assertThat(files.filter(p -> !p.getFileName().toString().startsWith("."))).isEmpty();
        }
    }

    @Test
    void openPackages_reportsTruncatedXz() throws Exception {
        fake.truncateIndex("trixie", "main", "amd64", Compression.XZ);
        HttpArchive archive = archive();
        SuiteRelease trixie = archive.release("trixie");
        assertThatThrownBy(() -> Indexes.load(archive, List.of(trixie), List.of("main"), "amd64"))
                .isInstanceOf(ArchiveException.class).hasMessageContaining("corrupt or truncated");
    }

    @Test
    void openPackages_unknownArchitectureSaysWhatTheSuiteHas() throws Exception {
        HttpArchive archive = archive();
        SuiteRelease trixie = archive.release("trixie");
        assertThatThrownBy(() -> archive.openPackages(trixie, "main", "s390x"))
                .hasMessageContaining("main/binary-s390x/Packages").hasMessageContaining("amd64");
    }

    @Test
    void release_retriesTransientServerErrors() throws Exception {
        fake.failNext(2, 503);
        assertThat(archive().release("trixie").release().codename()).isEqualTo("trixie");
    }

    @Test
    void release_namesTheUrlWhenTheMirrorIsUnreachable() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        URI dead = URI.create("http://127.0.0.1:" + port + "/debian/");
        HttpArchive archive = archive(dead, Keyring.load(new ByteArrayInputStream(KEY.publicKeyring()), "k"));
        assertThatThrownBy(() -> archive.release("trixie")).isInstanceOf(ArchiveException.class)
                .hasMessageContaining(dead + "dists/trixie/InRelease").hasMessageContaining("after 3 attempt");
    }

    @Test
    void fetch_verifiesDebsAndNeverCachesABadOne() throws Exception {
        HttpArchive archive = archive();
        List<ArchivePackage> packages = Indexes.load(archive, List.of(archive.release("trixie")), List.of("main"), "amd64");
        DebCache debs = new DebCache(cache);
        DebFetcher fetcher = new DebFetcher(transport(), debs, 4);
        ArchivePackage libc = packages.stream().filter(p -> p.name().equals("libc6")).findFirst().orElseThrow();
        ArchivePackage tz = packages.stream().filter(p -> p.name().equals("tzdata")).findFirst().orElseThrow();
        fake.corruptDeb("libc6");
        assertThatThrownBy(() -> fetcher.fetch(List.of(wanted(archive, libc)), Progress.NONE))
                .isInstanceOf(ArchiveException.class).hasMessageContaining("SHA-256").hasMessageContaining(libc.filename());
        assertThat(debs.contains(libc.sha256(), libc.size())).isFalse();
        DebFetcher.FetchResult result = fetcher.fetch(List.of(wanted(archive, tz)), Progress.NONE);
        assertThat(result.downloaded()).isEqualTo(1);
        assertThat(debs.contains(tz.sha256(), tz.size())).isTrue();
        assertThat(fetcher.fetch(List.of(wanted(archive, tz)), Progress.NONE).cached()).isEqualTo(1);
    }

    @Test
    void fetch_recordsItsUseOfACachedDebSoAPruneKeepsIt() throws Exception {
        HttpArchive archive = archive();
        List<ArchivePackage> packages = Indexes.load(archive, List.of(archive.release("trixie")), List.of("main"), "amd64");
        ArchivePackage tz = packages.stream().filter(p -> p.name().equals("tzdata")).findFirst().orElseThrow();
        DebCache debs = new DebCache(cache);
        DebFetcher fetcher = new DebFetcher(transport(), debs, 2);
        fetcher.fetch(List.of(wanted(archive, tz)), Progress.NONE);
        java.nio.file.Path file = debs.path(tz.sha256());
        java.nio.file.attribute.FileTime old = java.nio.file.attribute.FileTime.from(
                java.time.Instant.now().minus(java.time.Duration.ofDays(40)));
        java.nio.file.Files.getFileAttributeView(file, java.nio.file.attribute.BasicFileAttributeView.class)
                .setTimes(old, old, null);

        assertThat(fetcher.fetch(List.of(wanted(archive, tz)), Progress.NONE).cached()).isEqualTo(1);

        var attrs = java.nio.file.Files.readAttributes(file, java.nio.file.attribute.BasicFileAttributes.class);
        assertThat(attrs.lastModifiedTime()).as("the content's time stays").isEqualTo(old);
        assertThat(attrs.lastAccessTime().toInstant()).as("this use is recorded")
                .isAfter(java.time.Instant.now().minus(java.time.Duration.ofMinutes(5)));
        java.nio.file.attribute.FileTime recorded = attrs.lastAccessTime();
        fetcher.fetch(List.of(wanted(archive, tz)), Progress.NONE);
        assertThat(java.nio.file.Files.readAttributes(file, java.nio.file.attribute.BasicFileAttributes.class)
                .lastAccessTime()).as("a use within the day writes nothing").isEqualTo(recorded);
    }

    @Test
    void fetch_failureCarriesWhatArrivedAndEveryOtherFailure() throws Exception {
        HttpArchive archive = archive();
        List<ArchivePackage> packages = Indexes.load(archive, List.of(archive.release("trixie")), List.of("main"), "amd64");
        DebFetcher fetcher = new DebFetcher(transport(), new DebCache(cache), 2);
        ArchivePackage libc = packages.stream().filter(p -> p.name().equals("libc6")).findFirst().orElseThrow();
        ArchivePackage tz = packages.stream().filter(p -> p.name().equals("tzdata")).findFirst().orElseThrow();
        fake.corruptDeb("libc6");
        DebFetcher.Wanted gone = new DebFetcher.Wanted("gone", archive.poolUri("trixie", "pool/main/g/gone/gone_1_amd64.deb"),
                10, "0".repeat(64));
        assertThatThrownBy(() -> fetcher.fetch(List.of(wanted(archive, libc), wanted(archive, tz), gone), Progress.NONE))
                .isInstanceOfSatisfying(dev.bulwark.debian.fetch.FetchException.class, e -> {
                    assertThat(e).hasMessageContaining("SHA-256").hasMessageContaining(libc.filename());
                    assertThat(e.failures()).hasSize(2);
                    assertThat(e.failures().get(1)).isInstanceOf(NotFoundException.class);
                    assertThat(e.getSuppressed()).containsExactly(e.failures().get(1));
                    assertThat(e.anyNotFound()).isTrue();
                    assertThat(e.partial().downloaded()).isEqualTo(1);
                    assertThat(e.partial().paths()).containsOnlyKeys(tz.sha256());
                });
    }

    @Test
    void fetch_corruptFileIsNotANotFound() throws Exception {
        HttpArchive archive = archive();
        List<ArchivePackage> packages = Indexes.load(archive, List.of(archive.release("trixie")), List.of("main"), "amd64");
        ArchivePackage libc = packages.stream().filter(p -> p.name().equals("libc6")).findFirst().orElseThrow();
        fake.corruptDeb("libc6");
        assertThatThrownBy(() -> new DebFetcher(transport(), new DebCache(cache), 2).fetch(List.of(wanted(archive, libc)),
                Progress.NONE)).isInstanceOfSatisfying(dev.bulwark.debian.fetch.FetchException.class,
                        e -> assertThat(e.anyNotFound()).isFalse());
    }

    private static DebFetcher.Wanted wanted(Archive archive, ArchivePackage p) {
        return new DebFetcher.Wanted(p.id(), archive.poolUri(p.suite(), p.filename()), p.size(), p.sha256());
    }
}
