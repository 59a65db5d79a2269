package dev.bulwark.catalog.sla;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.catalog.CatalogException;
import dev.bulwark.catalog.watch.Intervals;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Percentiles by nearest rank, open clocks as exposure, breaches of the target — on clocks made up here. */
class SlaReportTest {
    static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");

    @Test
    void report_percentilesOfClosedClocks_openOnesExposed_breachesListedLongestFirst() {
        List<SlaClock> clocks = new ArrayList<>();
        for (int h = 1; h <= 20; h++) { // web: fixes published after 1 h … 20 h
            clocks.add(closed("web", "CVE-2026-" + (1000 + h), Duration.ofHours(h)));
        }
        clocks.add(closed("api", "CVE-2026-2000", Duration.ofHours(30)));
        clocks.add(new SlaClock("api", "CVE-2026-2001", "openssl", "3.5.1-1+deb13u1", "trixie-security",
                NOW.minus(Duration.ofHours(26)), null, null));

        SlaReport r = SlaReport.of(clocks, Duration.ofHours(24), NOW);

        SlaReport.Stats web = r.images().stream().filter(i -> i.image().equals("web")).findFirst().orElseThrow().stats();
        assertThat(web.closed()).isEqualTo(20);
        assertThat(web.p50()).isEqualTo(Duration.ofHours(10));
        assertThat(web.p95()).isEqualTo(Duration.ofHours(19));
        assertThat(web.max()).isEqualTo(Duration.ofHours(20));
        assertThat(r.overall().closed()).isEqualTo(21);
        assertThat(r.overall().open()).isEqualTo(1);
        assertThat(r.overall().max()).isEqualTo(Duration.ofHours(30));
        assertThat(r.breaches()).extracting(SlaClock::cve).containsExactly("CVE-2026-2000", "CVE-2026-2001");
        assertThat(r.breaches().get(1).elapsed(NOW)).as("exposed for").isEqualTo(Duration.ofHours(26));
        assertThat(SlaJson.render(r)).contains("\"exposedSeconds\" : 93600").contains("\"p50Seconds\" : 36000");
    }

    @Test
    void report_ofAnImageWithOnlyOpenClocks_hasNoPercentiles() {
        SlaReport r = SlaReport.of(List.of(new SlaClock("api", "CVE-1", "foo", "1.0-2", "trixie-security",
                NOW.minus(Duration.ofHours(2)), null, null)), Duration.ofHours(24), NOW);
        assertThat(r.overall()).isEqualTo(new SlaReport.Stats(0, 1, null, null, null));
        assertThat(r.breaches()).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({"90s, PT1M30S", "30m, PT30M", "24h, PT24H", "7d, PT168H", "1.5h, PT1H30M", "PT2H, PT2H"})
    void intervals_parseWhatAUserWrites(String text, String expected) throws Exception {
        assertThat(Intervals.parse(text, "--target")).isEqualTo(Duration.parse(expected));
    }

    @ParameterizedTest
    @CsvSource({"0h", "-1h", "soon", "24", "h"})
    void intervals_refuseWhatIsNotAPositiveDuration(String text) {
        assertThatThrownBy(() -> Intervals.parse(text, "--target")).isInstanceOf(CatalogException.class)
                .hasMessage("cannot use --target '" + text + "': give a positive duration such as 90s, 30m, 24h, 7d or PT1H");
    }

    static SlaClock closed(String image, String cve, Duration took) {
        Instant seen = NOW.minus(Duration.ofDays(3));
        return new SlaClock(image, cve, "foo", "1.0-2", "trixie-security", seen, seen.plus(took), 2);
    }
}
