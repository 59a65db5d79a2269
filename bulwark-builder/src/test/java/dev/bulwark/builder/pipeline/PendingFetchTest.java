package dev.bulwark.builder.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.builder.BuildException;
import dev.bulwark.core.Progress;
import dev.bulwark.core.Sha256;
import dev.bulwark.debian.fetch.FetchException;
import dev.bulwark.spec.lock.Lockfile;
import dev.bulwark.spec.lock.LockfileCodec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PendingFetchTest {
    @TempDir
    Path dir;

    private Lockfile locked(FakeBuildWorld world) throws Exception {
        world.build(world.toolSpec(), dir.resolve("locking"), List.of("amd64"), "oci:" + dir.resolve("a"));
        return dev.bulwark.builder.lock.Locker.only(LockfileCodec.read(dir.resolve("tool.yaml.lock.json")),
                List.of("amd64"));
    }

    @Test
    void await_givesEachVerifiedFile_andTheHeldProgressIsDrawnBeforeTheResultIsThere() throws Exception {
        try (FakeBuildWorld world = new FakeBuildWorld(dir)) {
            Lockfile lock = locked(world);
            List<String> lines = Collections.synchronizedList(new ArrayList<>());
            Progress shown = new Progress() {
                @Override
                public void begin(String task, long total) {
                    lines.add("begin " + task);
                }

                @Override
                public void advance(long amount) {
                }

                @Override
                public void end(String summary) {
                    lines.add("end " + summary);
                }
            };
            PendingFetch fetch = PendingFetch.start(world.workspace(dir.resolve("cold")).locker(), lock, shown);
            Progress later = fetch.after(shown);
            later.begin("Assembling", 1);
            for (Lockfile.LockedPackage p : lock.archs().get("amd64")) {
                Path file = fetch.await(p.sha256());
                assertThat(Sha256.hex(file)).isEqualTo(p.sha256());
            }
            assertThat(fetch.await("0".repeat(64))).isNull();   // not in the lock
            assertThat(fetch.result().downloaded()).isEqualTo(lock.archs().get("amd64").size());
            assertThat(lines).first().asString().startsWith("begin Fetching");
            assertThat(lines).contains("begin Assembling");
            assertThat(lines.indexOf("begin Assembling")).isGreaterThan(lines.indexOf(lines.stream()
                    .filter(l -> l.startsWith("end fetched")).findFirst().orElseThrow()));
        }
    }

    @Test
    void await_afterAbandon_endsAtOnce_whileAFailedFetchStillReportsItsOwnFailure() throws Exception {
        try (FakeBuildWorld world = new FakeBuildWorld(dir)) {
            Lockfile lock = locked(world);
            world.archive.corruptDeb("tool");
            PendingFetch fetch = PendingFetch.start(world.workspace(dir.resolve("cold")).locker(), lock, Progress.NONE);
            fetch.abandon();
            String anySha = lock.archs().get("amd64").get(0).sha256();
            try {
                fetch.await(anySha);   // may have arrived before abandon(): then it is simply there
            } catch (BuildException e) {
                assertThat(e).hasMessageContaining("another package failed first");
            }
            assertThatThrownBy(fetch::result).isInstanceOf(FetchException.class).hasMessageContaining("tool");
            fetch.stop();
            try (var files = Files.walk(dir.resolve("cold"))) {
                assertThat(files.filter(Files::isRegularFile).map(dir.resolve("cold")::relativize)
                        .filter(f -> f.startsWith("tmp"))).isEmpty();
            }
        }
    }

    @Test
    void stop_waitsForTheFetchEvenWhenTheCallerIsInterrupted() throws Exception {
        try (FakeBuildWorld world = new FakeBuildWorld(dir)) {
            Lockfile lock = locked(world);
            PendingFetch fetch = PendingFetch.start(world.workspace(dir.resolve("cold")).locker(), lock, Progress.NONE);
            Thread.currentThread().interrupt();
            fetch.stop();
            assertThat(Thread.interrupted()).as("the interrupt stays set").isTrue();
            assertThat(fetch.running()).as("no download goes on after stop()").isFalse();
            try (var files = Files.walk(dir.resolve("cold"))) {
                assertThat(files.filter(Files::isRegularFile).map(dir.resolve("cold")::relativize)
                        .filter(f -> f.startsWith("tmp"))).isEmpty();
            }
        }
    }
}
