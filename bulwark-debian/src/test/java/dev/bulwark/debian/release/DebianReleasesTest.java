package dev.bulwark.debian.release;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.OptionalInt;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class DebianReleasesTest {

    @ParameterizedTest
    @CsvSource({"12, bookworm", "12.7, bookworm", "9.9, stretch", "3.1, sarge", "6.0, squeeze", "13, trixie",
            "14, forky", "15, duke"})
    void codename_ofNumbersAndPointReleases(String number, String codename) {
        assertThat(DebianReleases.codename(number)).contains(codename);
    }

    @Test
    void codename_ofUnknownOrBlankNumber_isEmpty() {
        assertThat(DebianReleases.codename("99")).isEmpty();
        assertThat(DebianReleases.codename("")).isEmpty();
        assertThat(DebianReleases.codename(null)).isEmpty();
    }

    @Test
    void major_coversEveryCodenameTheBuilderNeeds_includingDuke() {
        assertThat(DebianReleases.major("buster")).isEqualTo(OptionalInt.of(10));
        assertThat(DebianReleases.major("bookworm")).isEqualTo(OptionalInt.of(12));
        assertThat(DebianReleases.major("forky")).isEqualTo(OptionalInt.of(14));
        assertThat(DebianReleases.major("duke")).isEqualTo(OptionalInt.of(15));
        assertThat(DebianReleases.major("woody")).isEqualTo(OptionalInt.of(3));
        assertThat(DebianReleases.major("sid")).isEmpty();
    }

    @Test
    void number_keepsTheMinorOfOldReleases() {
        assertThat(DebianReleases.number("woody")).contains("3.0");
        assertThat(DebianReleases.number("trixie")).contains("13");
    }

    @Test
    void status_saysTestingAndPlanned() {
        assertThat(DebianReleases.byCodename("trixie").orElseThrow().status()).isEqualTo(DebianRelease.Status.RELEASED);
        assertThat(DebianReleases.byCodename("forky").orElseThrow().status()).isEqualTo(DebianRelease.Status.TESTING);
        assertThat(DebianReleases.byCodename("duke").orElseThrow().status()).isEqualTo(DebianRelease.Status.PLANNED);
    }

    @Test
    void isSuiteName_knowsCodenamesAndAliases_notOtherWords() {
        assertThat(DebianReleases.isSuiteName("bookworm")).isTrue();
        assertThat(DebianReleases.isSuiteName("sid")).isTrue();
        assertThat(DebianReleases.isSuiteName("stable")).isTrue();
        assertThat(DebianReleases.isSuiteName("jammy")).isFalse();
    }

    @Test
    void release_refusesMalformedFields() {
        assertThatThrownBy(() -> new DebianRelease("Bookworm", "12", DebianRelease.Status.RELEASED))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DebianRelease("bookworm", "twelve", DebianRelease.Status.RELEASED))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
