package dev.bulwark.core;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** Known-answer runs of real processes (coreutils and sh): an answer, a refusal, and tools that hang. */
class SystemToolsAnswerTest {
    private static final byte[] INPUT = "known answer\n".getBytes(StandardCharsets.US_ASCII);

    private static Process sh(String script) throws Exception {
        return new ProcessBuilder("/bin/sh", "-c", script).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    }

    @Test
    void answer_isWhatTheToolWrote_cappedAtMax() throws Exception {
        assertThat(SystemTools.answer(() -> sh("cat"), INPUT, 64)).isEqualTo(INPUT);
        assertThat(SystemTools.answer(() -> sh("head -c 5"), INPUT, 5))
                .isEqualTo("known".getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void answer_ofAFailingOrMissingTool_isNull() throws Exception {
        assertThat(SystemTools.answer(() -> sh("cat; exit 3"), INPUT, 64)).isNull();
        assertThat(SystemTools.answer(() -> new ProcessBuilder("/nonexistent/tool").start(), INPUT, 64)).isNull();
    }

    @Test
    @Timeout(20)
    void answer_ofAToolThatNeverWritesNorExits_isNullWhenTheDeadlinePasses() throws Exception {
        long start = System.nanoTime();
        assertThat(SystemTools.answer(() -> sh("exec sleep 60"), INPUT, 64, Duration.ofMillis(300))).isNull();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    @Timeout(20)
    void answer_ofAToolThatAnswersButNeverExits_isNull() throws Exception {
        long start = System.nanoTime();
        assertThat(SystemTools.answer(() -> sh("head -c 5; exec sleep 60"), INPUT, 5, Duration.ofMillis(300)))
                .isNull();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    @Timeout(20)
    void answer_ofAToolWhoseChildHoldsItsOutputOpen_neverHoldsTheCaller(
            @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        // The tool answers and exits 0, but a child it put in the background keeps stdout open: no end of file.
        // When the JDK's reaper sees the tool exit before the reader blocks, it takes what the pipe holds and ends
        // the stream (ProcessPipeInputStream.processExited), so the whole answer may still come back; either way
        // the caller is free well before the child ends, and never gets a partial answer.
        java.nio.file.Path pid = dir.resolve("child.pid");
        long start = System.nanoTime();
        try {
            assertThat(SystemTools.answer(() -> sh("cat; sleep 60 & echo $! > '" + pid + "'"), INPUT, 64,
                    Duration.ofMillis(300))).satisfiesAnyOf(a -> assertThat(a).isNull(), a -> assertThat(a).isEqualTo(INPUT));
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        } finally {
            // the child outlived the tool, so nothing ended it: this test does
            ProcessHandle.of(Long.parseLong(java.nio.file.Files.readString(pid).strip()))
                    .ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    @Test
    @Timeout(20)
    void answer_endsTheProcessesAToolStarted_whenTheDeadlinePasses(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path pid = dir.resolve("child.pid");
        assertThat(SystemTools.answer(() -> sh("sleep 60 & echo $! > '" + pid + "'; wait"), INPUT, 64,
                Duration.ofMillis(300))).isNull();
        ProcessHandle child = ProcessHandle.of(Long.parseLong(java.nio.file.Files.readString(pid).strip())).orElse(null);
        if (child != null) {
            child.onExit().get(5, java.util.concurrent.TimeUnit.SECONDS);   // the kill was sent; its exit follows
        }
    }
}
