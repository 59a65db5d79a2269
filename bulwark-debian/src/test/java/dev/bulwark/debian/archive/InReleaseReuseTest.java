package dev.bulwark.debian.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.core.Sha256;
import dev.bulwark.debian.pgp.ClearsignVerifier;
import dev.bulwark.debian.pgp.Keyring;
import dev.bulwark.testkit.FakeArchive;
import dev.bulwark.testkit.FakeDeb;
import dev.bulwark.testkit.TestKey;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The window in which checks reuse an InRelease the mirror confirmed, without a request but never unverified. */
class InReleaseReuseTest {

    private static final TestKey KEY = TestKey.generate("Bulwark Test Archive <test@example.invalid>");
    private static final Duration WINDOW = Duration.ofMinutes(5);

    @TempDir
    Path cache;

    private FakeArchive fake;
    private final MovableClock clock = new MovableClock(Instant.now());

    @BeforeEach
    void start() throws Exception {
        fake = FakeArchive.builder(KEY).add("trixie", "main", FakeDeb.builder("libc6", "2.41-12", "amd64").build()).start();
    }

    @AfterEach
    void stop() {
        fake.close();
    }

    /** An archive whose verifications are kept under {@code trustId} (empty: never kept), reusing for {@code window}. */
    private HttpArchive archive(Duration window, String trustId) {
        HttpArchive.VerifierSource keys = new HttpArchive.VerifierSource() {
            @Override
            public ClearsignVerifier get() throws dev.bulwark.debian.pgp.SignatureException {
                return new ClearsignVerifier(Keyring.load(new ByteArrayInputStream(KEY.publicKeyring()), "test key"), clock);
            }

            @Override
            public String trustId() {
                return trustId;
            }
        };
        HttpTransport transport = new HttpTransport(new RetryPolicy(2, Duration.ofMillis(10), Duration.ofMillis(20)));
        return new HttpArchive(new MirrorConfig(fake.baseUrl(), null, "test"), transport, keys, cache, clock)
                .reusingConfirmedInRelease(window);
    }

    private List<String> requestsDuring(ThrowingRunnable r) throws Exception {
        int before = fake.requests().size();
        r.run();
        return List.copyOf(fake.requests().subList(before, fake.requests().size()));
    }

    @Test
    void release_withinTheWindow_reusesTheConfirmedInReleaseWithoutARequest() throws Exception {
        HttpArchive archive = archive(WINDOW, "keys");
        String first = archive.release("trixie").inReleaseSha256();
        clock.advance(Duration.ofMinutes(4));
        SuiteRelease[] again = new SuiteRelease[1];
        assertThat(requestsDuring(() -> again[0] = archive(WINDOW, "keys").release("trixie"))).isEmpty();
        assertThat(again[0].inReleaseSha256()).isEqualTo(first);
        assertThat(again[0].release().file("main/binary-amd64/Packages.xz")).isPresent();
    }

    @Test
    void release_afterTheWindow_asksTheMirrorAgainAndAConfirmationRestartsIt() throws Exception {
        archive(WINDOW, "keys").release("trixie");
        clock.advance(Duration.ofMinutes(6));
        assertThat(requestsDuring(() -> archive(WINDOW, "keys").release("trixie")))
                .singleElement().asString().contains("InRelease").contains("[conditional]");
        clock.advance(Duration.ofMinutes(4));
        assertThat(requestsDuring(() -> archive(WINDOW, "keys").release("trixie"))).isEmpty();
    }

    @Test
    void release_withoutAWindow_asksEveryTime() throws Exception {
        archive(Duration.ZERO, "keys").release("trixie");
        assertThat(requestsDuring(() -> archive(Duration.ZERO, "keys").release("trixie"))).hasSize(1);
    }

    @Test
    void release_withinTheWindow_seesAnUpdatePublishedOnlyAfterTheWindow() throws Exception {
        String before = archive(WINDOW, "keys").release("trixie").inReleaseSha256();
        fake.publishUpdate("trixie", "main", FakeDeb.builder("libc6", "2.41-13", "amd64").build(), clock.instant());
        assertThat(archive(WINDOW, "keys").release("trixie").inReleaseSha256()).isEqualTo(before);
        clock.advance(WINDOW.plusSeconds(1));
        assertThat(archive(WINDOW, "keys").release("trixie").inReleaseSha256()).isNotEqualTo(before);
    }

    @Test
    void release_withinTheWindow_refetchesACachedCopyAlteredWithItsMeta() throws Exception {
        // Someone rewrites the cached InRelease and the meta that names its digest, so the copy looks confirmed.
        for (String trustId : List.of("keys", "")) {
            String genuine = archive(WINDOW, trustId).release("trixie").inReleaseSha256();
            Path dir = inReleaseDir();
            String text = Files.readString(dir.resolve("InRelease"), StandardCharsets.UTF_8);
            String altered = text.replaceFirst("Codename: trixie", "Codename: trixie\nNotAutomatic: no");
            assertThat(altered).isNotEqualTo(text);
            Files.writeString(dir.resolve("InRelease"), altered, StandardCharsets.UTF_8);
            String meta = Files.readString(dir.resolve("InRelease.meta"), StandardCharsets.UTF_8);
            Files.writeString(dir.resolve("InRelease.meta"), meta.replace(genuine, Sha256.hex(altered.getBytes(
                    StandardCharsets.UTF_8))), StandardCharsets.UTF_8);

            SuiteRelease[] again = new SuiteRelease[1];
            assertThat(requestsDuring(() -> again[0] = archive(WINDOW, trustId).release("trixie")))
                    .singleElement().asString().contains("InRelease").doesNotContain("[conditional]");
            assertThat(again[0].inReleaseSha256()).isEqualTo(genuine);
            assertThat(Sha256.hex(dir.resolve("InRelease"))).isEqualTo(genuine);
        }
    }

    @Test
    void release_withinTheWindow_refetchesACachedCopyWhoseMetaNamesOtherBytes() throws Exception {
        String genuine = archive(WINDOW, "keys").release("trixie").inReleaseSha256();
        Path file = inReleaseDir().resolve("InRelease");
        Files.writeString(file, Files.readString(file) + "\n", StandardCharsets.UTF_8);
        assertThat(requestsDuring(() -> assertThat(archive(WINDOW, "keys").release("trixie").inReleaseSha256())
                .isEqualTo(genuine))).singleElement().asString().doesNotContain("[conditional]");
    }

    @Test
    void release_withinTheWindow_refusesWhenTheMirrorNowServesATamperedCopy() throws Exception {
        archive(WINDOW, "keys").release("trixie");
        Files.writeString(inReleaseDir().resolve("InRelease"), "not signed", StandardCharsets.UTF_8);
        fake.tamperInRelease("trixie");
        assertThatThrownBy(() -> archive(WINDOW, "keys").release("trixie")).isInstanceOf(ArchiveException.class)
                .hasMessageContaining("cannot verify");
    }

    @Test
    void release_confirmationDatedInTheFuture_isNotTrusted() throws Exception {
        archive(WINDOW, "keys").release("trixie");
        clock.advance(Duration.ofHours(-1));
        assertThat(requestsDuring(() -> archive(WINDOW, "keys").release("trixie"))).hasSize(1);
    }

    private Path inReleaseDir() throws Exception {
        try (var files = Files.walk(cache.resolve("indexes"))) {
            return files.filter(p -> p.getFileName().toString().equals("InRelease")).findFirst().orElseThrow().getParent();
        }
    }

    @FunctionalInterface
    private interface ThrowingRunnable {
        void run() throws Exception;
    }

    /** A clock the test moves. */
    private static final class MovableClock extends Clock {
        private Instant now;

        MovableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

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
}
