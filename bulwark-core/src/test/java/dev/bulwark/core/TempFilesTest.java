package dev.bulwark.core;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class TempFilesTest {
    @TempDir
    Path tmp;

    @Test
    void createFile_followsTheUmaskUnlikeCreateTempFile() throws Exception {
        Path probe = Files.createFile(tmp.resolve("probe")); // what any program's output gets under this umask
        Path temp = TempFiles.createFile(tmp.resolve("sub"), "index.json");
        assertThat(Files.getPosixFilePermissions(temp)).isEqualTo(Files.getPosixFilePermissions(probe));
        assertThat(Files.getPosixFilePermissions(tmp.resolve("sub")))
                .isEqualTo(Files.getPosixFilePermissions(Files.createDirectory(tmp.resolve("probe-dir"))));
        assertThat(temp.getFileName().toString()).matches("\\.bulwark-index\\.json\\.tmp-"
                + ProcessHandle.current().pid() + "-" + TempFiles.hostTag() + "-[0-9a-f]{12}");
    }

    @Test
    void createPrivateFile_isOwnerOnly() throws Exception {
        Path key = TempFiles.createPrivateFile(tmp, "cosign.key");
        assertThat(Files.getPosixFilePermissions(key))
                .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    }

    private static String owned(String label, long pid, String host) {
        return ".bulwark-" + label + ".tmp-" + pid + "-" + host + "-00000000abcd";
    }

    @Test
    void sweep_removesLeftoversOfDeadOwnersAndOldLegacyNamesAndKeepsThoseOfLiveProcesses() throws Exception {
        Process done = new ProcessBuilder("true").start();
        done.waitFor();
        Process alive = new ProcessBuilder("sleep", "60").start();
        String host = TempFiles.hostTag();
        try {
            Path cache = tmp.resolve("cache");
            Path deadDir = Files.createDirectories(cache.resolve("tmp/" + owned("build", done.pid(), host)));
            Files.write(deadDir.resolve("layer"), new byte[1000]);
            Path deadFile = Files.createDirectories(cache.resolve("debs"))
                    .resolve(owned("libc6.deb", done.pid(), host));
            Files.write(deadFile, new byte[24]);
            Path liveFile = cache.resolve("debs/" + owned("zlib.deb", alive.pid(), host));
            Files.write(liveFile, new byte[5]);
            Path ownFile = TempFiles.createFile(cache.resolve("debs"), "mine");
            Path oldLegacy = cache.resolve("debs/.libc6.deb.tmp-" + done.pid() + "-0000000000ef");
            Files.write(oldLegacy, new byte[7]);
            Files.setLastModifiedTime(oldLegacy, FileTime.from(Instant.now().minus(Duration.ofHours(2))));
            Path freshLegacy = cache.resolve("debs/.part-456.tmp");
            Files.write(freshLegacy, new byte[7]);
            Path liveDir = Files.createDirectories(cache.resolve("tmp/" + owned("build", alive.pid(), host)));
            Path insideLive = liveDir.resolve(".part-789.tmp"); // old-style name, old, but its build still runs
            Files.write(insideLive, new byte[9]);
            Files.setLastModifiedTime(insideLive, FileTime.from(Instant.now().minus(Duration.ofHours(2))));
            Path regular = cache.resolve("debs/libc6.deb");
            Files.write(regular, new byte[3]);
            Files.setLastModifiedTime(regular, FileTime.from(Instant.now().minus(Duration.ofDays(30))));

            TempFiles.Sweep sweep = TempFiles.sweep(cache, 3, Instant.now());

            assertThat(sweep.removed()).containsExactlyInAnyOrder(deadDir, deadFile, oldLegacy);
            assertThat(sweep.bytes()).isEqualTo(1000 + 24 + 7);
            assertThat(Set.of(liveFile, ownFile, freshLegacy, regular, insideLive)).allMatch(Files::exists);
        } finally {
            alive.destroy();
        }
    }

    @Test
    void sweep_keepsTempFilesOfAnotherHostOrContainerUntilTheAgeLimit() throws Exception {
        Process done = new ProcessBuilder("true").start();
        done.waitFor();
        String other = TempFiles.hostTag().equals("00000000") ? "11111111" : "00000000";
        Path young = Files.write(tmp.resolve(owned("layer", done.pid(), other)), new byte[3]);
        Path old = Files.write(tmp.resolve(owned("spool", done.pid(), other)), new byte[4]);
        Files.setLastModifiedTime(old, FileTime.from(Instant.now().minus(TempFiles.MAX_AGE).minusSeconds(60)));

        TempFiles.Sweep sweep = TempFiles.sweep(tmp, 0, Instant.now());

        assertThat(sweep.removed()).containsExactly(old);
        assertThat(young).exists();
    }

    @Test
    void sweep_withoutLegacy_touchesOnlyBulwarkPrefixedNames() throws Exception {
        Process done = new ProcessBuilder("true").start();
        done.waitFor();
        Path build = Files.createDirectories(tmp.resolve("projects/app/build-2/classes"));
        Path draft = Files.writeString(tmp.resolve("projects/.draft.tmp"), "n");
        Path legacyLooking = Files.writeString(tmp.resolve(".notes.tmp-" + done.pid() + "-0000000000ef"), "x");
        Path ours = Files.write(tmp.resolve(owned("write-check", done.pid(), TempFiles.hostTag())), new byte[2]);
        for (Path p : List.of(build.getParent(), draft, legacyLooking)) {
            Files.setLastModifiedTime(p, FileTime.from(Instant.now().minus(Duration.ofHours(2))));
        }

        TempFiles.Sweep sweep = TempFiles.sweep(tmp, 3, Instant.now(), false);

        assertThat(sweep.removed()).containsExactly(ours);
        assertThat(List.of(build, draft, legacyLooking)).allMatch(Files::exists);
    }
}
