package dev.bulwark.builder.lock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.core.BulwarkException.Kind;
import dev.bulwark.debian.archive.Archive;
import dev.bulwark.debian.archive.ArchiveException;
import dev.bulwark.debian.archive.SuiteRelease;
import java.io.InputStream;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ReleasedOnceTest {

    /**
     * An archive whose every InRelease answer waits until all {@code together} suites are being asked for: asked one
     * after another, the first request gives up and fails.
     */
    private static final class Together implements Archive {
        final CountDownLatch asked;
        final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();

        Together(int together) {
            asked = new CountDownLatch(together);
        }

        @Override
        public SuiteRelease release(String suite) throws ArchiveException {
            calls.computeIfAbsent(suite, s -> new AtomicInteger()).incrementAndGet();
            asked.countDown();
            try {
                if (!asked.await(30, TimeUnit.SECONDS)) {
                    throw new ArchiveException(Kind.ENVIRONMENT, "suites were asked for one at a time");
                }
            } catch (InterruptedException e) {
                throw new ArchiveException(Kind.ENVIRONMENT, "interrupted", e);
            }
            if (suite.equals("broken")) {
                throw new ArchiveException(Kind.ENVIRONMENT, "cannot verify the InRelease of broken");
            }
            return new SuiteRelease(suite, URI.create("http://archive.invalid/dists/" + suite + "/InRelease"),
                    "0".repeat(64), null);
        }

        @Override
        public InputStream openPackages(SuiteRelease release, String component, String arch) {
            throw new UnsupportedOperationException();
        }

        @Override
        public URI poolUri(String suite, String filename) {
            return URI.create("http://archive.invalid/" + filename);
        }
    }

    @Test
    void prefetch_asksForEverySuiteAtOnce_andEachOnlyOnce() throws Exception {
        Together archive = new Together(3);
        UpdateCheck.ReleasedOnce once = new UpdateCheck.ReleasedOnce(archive);
        once.prefetch(List.of("trixie", "trixie-updates", "trixie-security"));
        once.prefetch(List.of("trixie-security"));

        assertThat(once.release("trixie-security").suite()).isEqualTo("trixie-security");
        assertThat(once.release("trixie").suite()).isEqualTo("trixie");
        assertThat(once.release("trixie-updates").suite()).isEqualTo("trixie-updates");
        assertThat(once.release("trixie").suite()).isEqualTo("trixie");
        assertThat(archive.calls).containsOnlyKeys("trixie", "trixie-updates", "trixie-security");
        assertThat(archive.calls.values()).allSatisfy(n -> assertThat(n.get()).isEqualTo(1));
    }

    @Test
    void prefetch_aSuiteThatFails_failsWhenAskedFor_withTheArchivesOwnError() {
        Together archive = new Together(2);
        UpdateCheck.ReleasedOnce once = new UpdateCheck.ReleasedOnce(archive);
        once.prefetch(List.of("trixie", "broken"));

        assertThatThrownBy(() -> once.release("broken")).isInstanceOf(ArchiveException.class)
                .hasMessage("cannot verify the InRelease of broken");
        assertThatThrownBy(() -> once.release("broken")).as("a failure is kept, not asked again")
                .isInstanceOf(ArchiveException.class);
        assertThat(archive.calls.get("broken").get()).isEqualTo(1);
    }

    @Test
    void release_withoutPrefetch_asksOnceAndKeepsTheAnswer() throws Exception {
        Together archive = new Together(1);
        UpdateCheck.ReleasedOnce once = new UpdateCheck.ReleasedOnce(archive);
        assertThat(once.release("trixie").suite()).isEqualTo("trixie");
        assertThat(once.release("trixie").suite()).isEqualTo("trixie");
        assertThat(archive.calls.get("trixie").get()).isEqualTo(1);
    }

    @Test
    void release_ofTwoSuitesFromTwoThreads_neitherWaitsForTheOther() throws Exception {
        Together archive = new Together(2);
        UpdateCheck.ReleasedOnce once = new UpdateCheck.ReleasedOnce(archive);
        var other = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                return once.release("trixie-security").suite();
            } catch (ArchiveException e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        });
        assertThat(once.release("trixie").suite()).isEqualTo("trixie");
        assertThat(other.get(30, TimeUnit.SECONDS)).isEqualTo("trixie-security");
    }
}
