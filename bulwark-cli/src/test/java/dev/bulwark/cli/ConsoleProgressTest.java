package dev.bulwark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** What the console shows of a push: a bar on terminals, one line per image in logs, blob lines only verbose. */
class ConsoleProgressTest {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream err = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    private String shown() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static void push(ConsoleProgress p) {
        p.begin("Pushing linux/amd64 to host/app", 2_000_000);
        p.advance(1_000_000);
        p.detail("pushed sha256:aaaa (1000000 bytes) to host/app");
        p.advance(1_000_000);
        p.detail("pushed sha256:bbbb (1000000 bytes) to host/app");
        p.end("pushed linux/amd64 to host/app: 2 blobs sent (2.0 MB), 0 already there");
    }

    @Test
    void log_showsOneLineAtTheStartAndOneSummaryPerImage_withoutBlobLines() {
        push(new ConsoleProgress(err, false, false));
        assertThat(shown()).isEqualTo("Pushing linux/amd64 to host/app …\n"
                + "pushed linux/amd64 to host/app: 2 blobs sent (2.0 MB), 0 already there\n");
    }

    @Test
    void verbose_addsOneLinePerBlob() {
        push(new ConsoleProgress(err, false, false).verbose());
        assertThat(shown().lines()).containsExactly("Pushing linux/amd64 to host/app …",
                "  pushed sha256:aaaa (1000000 bytes) to host/app", "  pushed sha256:bbbb (1000000 bytes) to host/app",
                "pushed linux/amd64 to host/app: 2 blobs sent (2.0 MB), 0 already there");
    }

    @Test
    void terminal_drawsABarInBytesAndClearsItBeforeTheSummary() {
        push(new ConsoleProgress(err, true, false));
        String out = shown();
        assertThat(out).contains("Pushing linux/amd64 to host/app [").contains("/ 2.0 MB")
                .doesNotContain("sha256:aaaa");
        assertThat(out).endsWith("\r\033[Kpushed linux/amd64 to host/app: 2 blobs sent (2.0 MB), 0 already there\n");
    }

    @Test
    void quiet_showsNothing() {
        push(new ConsoleProgress(err, true, true).verbose());
        assertThat(shown()).isEmpty();
    }

    @Test
    void emptySummary_clearsTheBarAndPrintsNothingMore() {
        ConsoleProgress p = new ConsoleProgress(err, true, false);
        p.begin("Copying a to b", -1);
        p.advance(5_000);
        p.end("");
        assertThat(shown()).contains("Copying a to b [").endsWith("\r\033[K");
    }
}
