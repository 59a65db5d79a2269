package dev.bulwark.scan.advisory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.scan.ScanException;
import dev.bulwark.scan.VulnData;
import dev.bulwark.core.BulwarkException.Kind;
import dev.bulwark.debian.archive.HttpTransport;
import dev.bulwark.debian.archive.RetryPolicy;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AdvisoryStoreTest {

    @TempDir
    Path cache;

    @Test
    void defaultSource_isTheEnvironmentsUrl_elseNone() {
        assertThat(AdvisoryStore.defaultSource(Map.of(AdvisoryStore.TRACKER_URL_ENV, " /srv/tracker.json ")))
                .contains("/srv/tracker.json");
        assertThat(AdvisoryStore.defaultSource(Map.of())).isEmpty();
    }

    @Test
    void maxAge_parsesMinutesHoursDays_andRefusesOtherText() throws Exception {
        assertThat(AdvisoryStore.maxAge(Map.of())).isEqualTo(Duration.ofHours(24));
        assertThat(AdvisoryStore.maxAge(Map.of(AdvisoryStore.MAX_AGE_ENV, "36h"))).isEqualTo(Duration.ofHours(36));
        assertThat(AdvisoryStore.maxAge(Map.of(AdvisoryStore.MAX_AGE_ENV, "7d"))).isEqualTo(Duration.ofDays(7));
        assertThat(AdvisoryStore.maxAge(Map.of(AdvisoryStore.MAX_AGE_ENV, "90m"))).isEqualTo(Duration.ofMinutes(90));
        assertThatThrownBy(() -> AdvisoryStore.maxAge(Map.of(AdvisoryStore.MAX_AGE_ENV, "a week")))
                .isInstanceOf(ScanException.class).hasMessageContaining("BULWARK_ADVISORIES_MAX_AGE='a week'");
    }

    @Test
    void describe_saysWhereFromAndHowOld() throws Exception {
        Instant then = Instant.parse("2026-11-28T12:00:00Z");
        AdvisoryStore store = new AdvisoryStore(cache, Clock.fixed(then, ZoneOffset.UTC));
        Path file = VulnData.file("tracker-json").toFile().listFiles()[0].toPath();
        AdvisoryStore.Stored s = store.update(file.toString(), null);
        assertThat(s.describe(then.plus(Duration.ofDays(3)))).startsWith("db (tracker-json from " + file)
                .endsWith("updated 2026-11-28T12:00:00Z, 3 d old)");
        assertThat(store.current()).get().extracting(x -> x.age(then.plus(Duration.ofHours(5)))).isEqualTo(Duration.ofHours(5));
    }

    @Test
    void update_unreachableSource_failsAsEnvironmentNamingTheSetting() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        HttpTransport transport = new HttpTransport(new RetryPolicy(1, Duration.ofMillis(1), Duration.ofMillis(1)));
        AdvisoryStore store = new AdvisoryStore(cache, Clock.systemUTC());
        assertThatThrownBy(() -> store.update("http://127.0.0.1:" + port + "/tracker/data/json", transport))
                .isInstanceOfSatisfying(ScanException.class, e -> assertThat(e.kind()).isEqualTo(Kind.ENVIRONMENT))
                .hasMessageStartingWith("cannot update advisories from http://127.0.0.1:" + port)
                .hasMessageContaining("set BULWARK_TRACKER_URL or pass --from");
        assertThat(store.current()).isEmpty();
        assertThat(Files.exists(cache.resolve("advisories/tracker.json"))).isFalse();
    }
}
