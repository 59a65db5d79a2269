package dev.bulwark.builder.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.core.BulwarkException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ArchiveSettingsTest {

    @ParameterizedTest
    @CsvSource({"'', 300", "0, 0", "90, 90", "90s, 90", "5m, 300", "' 2m ', 120", "1h, 3600", "24h, 86400"})
    void inReleaseReuse_readsSecondsOrAUnitAndDefaultsToFiveMinutes(String value, long seconds) throws Exception {
        assertThat(ArchiveSettings.inReleaseReuse(Map.of(ArchiveSettings.INRELEASE_REUSE_ENV, value)))
                .isEqualTo(Duration.ofSeconds(seconds));
    }

    @ParameterizedTest
    @ValueSource(strings = {"-1", "5 minutes", "1d", "25h", "abc", "1.5m"})
    void inReleaseReuse_refusesWhatIsNotADurationUpToADay(String value) {
        assertThatThrownBy(() -> ArchiveSettings.inReleaseReuse(Map.of(ArchiveSettings.INRELEASE_REUSE_ENV, value)))
                .isInstanceOfSatisfying(BulwarkException.class,
                        e -> assertThat(e.kind()).isEqualTo(BulwarkException.Kind.BAD_INPUT))
                .hasMessageContaining("cannot read BULWARK_INRELEASE_REUSE '" + value + "'");
    }

    @org.junit.jupiter.api.Test
    void inReleaseReuse_absentIsTheDefault() throws Exception {
        assertThat(ArchiveSettings.inReleaseReuse(Map.of())).isEqualTo(ArchiveSettings.DEFAULT_INRELEASE_REUSE);
    }
}
