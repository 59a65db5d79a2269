package dev.bulwark.core;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.time.Instant;
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
        assertThat(temp.getFileName().toString()).matches("\\.index\\.json\\.tmp-" + ProcessHandle.current().pid() + "-[0-9a-f]{12}");
    }

    @Test
    void createPrivateFile_isOwnerOnly() throws Exception {
        Path key = TempFiles.createPrivateFile(tmp, "cosign.key");
        assertThat(Files.getPosixFilePermissions(key))
                .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    }

    @Test
    void sweep_removesLeftoversOfDeadOrUnknownOwnersAndKeepsThoseOfLiveProcesses() throws Exception {
        Process done = new ProcessBuilder("true").start();
        done.waitFor();
        Process alive = new ProcessBuilder("sleep", "60").start();
        try {
            Path cache = tmp.resolve("cache");
            Path deadDir = Files.createDirectories(cache.resolve("tmp/.build.tmp-" + done.pid() + "-00000000abcd"));
            Files.write(deadDir.resolve("layer"), new byte[1000]);
            Path deadFile = Files.createDirectories(cache.resolve("debs"))
                    .resolve(".libc6.deb.tmp-" + done.pid() + "-0000000000ef");
            Files.write(deadFile, new byte[24]);
            Path liveFile = cache.resolve("debs/.zlib.deb.tmp-" + alive.pid() + "-000000000001");
            Files.write(liveFile, new byte[5]);
            Path ownFile = TempFiles.createFile(cache.resolve("debs"), "mine");
            Path oldUnowned = cache.resolve("debs/.part-123.tmp");
            Files.write(oldUnowned, new byte[7]);
            Files.setLastModifiedTime(oldUnowned, FileTime.from(Instant.now().minus(Duration.ofHours(2))));
            Path freshUnowned = cache.resolve("debs/.part-456.tmp");
            Files.write(freshUnowned, new byte[7]);
            Path liveDir = Files.createDirectories(cache.resolve("tmp/.build.tmp-" + alive.pid() + "-000000000002"));
            Path insideLive = liveDir.resolve(".part-789.tmp"); // old-style name, old, but its build still runs
            Files.write(insideLive, new byte[9]);
            Files.setLastModifiedTime(insideLive, FileTime.from(Instant.now().minus(Duration.ofHours(2))));
            Path regular = cache.resolve("debs/libc6.deb");
            Files.write(regular, new byte[3]);
            Files.setLastModifiedTime(regular, FileTime.from(Instant.now().minus(Duration.ofDays(30))));

            TempFiles.Sweep sweep = TempFiles.sweep(cache, 3, Instant.now());

            assertThat(sweep.removed()).containsExactlyInAnyOrder(deadDir, deadFile, oldUnowned);
            assertThat(sweep.bytes()).isEqualTo(1000 + 24 + 7);
            assertThat(Set.of(liveFile, ownFile, freshUnowned, regular, insideLive)).allMatch(Files::exists);
        } finally {
            alive.destroy();
        }
    }
}
