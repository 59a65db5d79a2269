package dev.bulwark.debian.archive;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.testkit.FakeArchive;
import dev.bulwark.testkit.FakeDeb;
import dev.bulwark.testkit.TestKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HttpTransportTest {

    private static final TestKey KEY = TestKey.generate("Bulwark Test Archive <test@example.invalid>");

    @TempDir
    Path dir;

    private static List<Thread> selectors() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().endsWith("-SelectorManager") && t.getThreadGroup() != null
                        && t.getThreadGroup().getName().equals("bulwark-http"))
                .toList();
    }

    @Test
    void close_stopsTheClientsSelectorThreadSoTheJvmExitsWithoutWaiting() throws Exception {
        try (FakeArchive fake = FakeArchive.builder(KEY)
                .add("trixie", "main", FakeDeb.builder("libc6", "2.41-12", "amd64").build()).start()) {
            HttpTransport transport = HttpTransport.standard(new RetryPolicy(1, java.time.Duration.ZERO,
                    java.time.Duration.ZERO));
            Path got = transport.get(fake.baseUrl().resolve("dists/trixie/InRelease"), dir.resolve("InRelease"),
                    HttpTransport.Expect.NOTHING, null, null, null).file();
            assertThat(Files.size(got)).isPositive();
            List<Thread> running = selectors();
            assertThat(running).isNotEmpty();
            transport.close();
            for (Thread t : running) {
                t.join(5_000);
                assertThat(t.isAlive()).as(t.getName()).isFalse();
            }
        }
    }
}
