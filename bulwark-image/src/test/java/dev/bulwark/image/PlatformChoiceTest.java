package dev.bulwark.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.core.BulwarkException.Kind;
import dev.bulwark.oci.Platform;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PlatformChoiceTest {

    private static Platform p(String s) {
        try {
            return Platform.parse(s);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    @ParameterizedTest
    @CsvSource({"linux/arm64, linux/arm64/v8, true", "linux/arm64/v8, linux/arm64, true",
            "linux/arm64/v8, linux/arm64/v8, true", "linux/arm/v7, linux/arm/v5, false", "linux/amd64, linux/arm64, false",
            "windows/amd64, linux/amd64, false", "linux/arm, linux/arm/v7, true"})
    void matches_variantAgreesOrIsMissingOnEitherSide(String wanted, String candidate, boolean matches) {
        assertThat(PlatformChoice.matches(p(wanted), p(candidate))).isEqualTo(matches);
    }

    @Test
    void choose_givenPlatform_takesTheMatchingOneWhateverTheHost() throws Exception {
        List<Platform> image = List.of(p("linux/amd64"), p("linux/arm64/v8"));
        assertThat(PlatformChoice.choose(image, p("linux/arm64"), "amd64")).isEqualTo(p("linux/arm64/v8"));
    }

    @Test
    void choose_givenPlatformMatchingSeveral_prefersTheExactOneElseAsks() throws Exception {
        List<Platform> image = List.of(p("linux/arm/v6"), p("linux/arm/v7"), p("linux/arm"));
        assertThat(PlatformChoice.choose(image, p("linux/arm"), "amd64")).isEqualTo(p("linux/arm"));
        List<Platform> noExact = List.of(p("linux/arm/v6"), p("linux/arm/v7"));
        assertThatThrownBy(() -> PlatformChoice.choose(noExact, p("linux/arm"), "amd64"))
                .isInstanceOf(ImageException.class).hasMessageContaining("matches [linux/arm/v6, linux/arm/v7]")
                .hasMessageContaining("--platform");
    }

    @Test
    void choose_givenPlatformTheImageLacks_failsListingWhatItHas() {
        assertThatThrownBy(() -> PlatformChoice.choose(List.of(p("linux/amd64"), p("linux/s390x")), p("linux/riscv64"),
                "amd64")).isInstanceOf(ImageException.class)
                .satisfies(e -> assertThat(((ImageException) e).kind()).isEqualTo(Kind.BAD_INPUT))
                .hasMessageContaining("cannot pick platform linux/riscv64").hasMessageContaining("[linux/amd64, linux/s390x]");
    }

    @Test
    void choose_noneGiven_takesTheOnlyPlatformEvenIfForeign() throws Exception {
        assertThat(PlatformChoice.choose(List.of(p("linux/s390x")), null, "amd64")).isEqualTo(p("linux/s390x"));
    }

    @Test
    void choose_noneGiven_takesThisMachinesArchitectureAmongSeveral() throws Exception {
        List<Platform> image = List.of(p("linux/amd64"), p("linux/arm64/v8"));
        assertThat(PlatformChoice.choose(image, null, "arm64")).isEqualTo(p("linux/arm64/v8"));
        assertThat(PlatformChoice.choose(image, null, "amd64")).isEqualTo(p("linux/amd64"));
    }

    @Test
    void choose_noneGivenAndNoneForThisMachine_asksListingThePlatformsAndHowToChoose() {
        assertThatThrownBy(() -> PlatformChoice.choose(List.of(p("linux/s390x"), p("linux/ppc64le")), null, "amd64"))
                .isInstanceOf(ImageException.class).hasMessageContaining("cannot pick an image for this machine (amd64)")
                .hasMessageContaining("[linux/s390x, linux/ppc64le]").hasMessageContaining(PlatformChoice.HOW);
    }

    @Test
    void choose_noneGivenAndTwoVariantsForThisMachine_asks() {
        assertThatThrownBy(() -> PlatformChoice.choose(List.of(p("linux/arm/v6"), p("linux/arm/v7")), null, "arm"))
                .isInstanceOf(ImageException.class).hasMessageContaining("2 of them for arm");
    }

    @Test
    void matching_noneGivenIsEveryPlatform_givenIsThoseItMatches() throws Exception {
        List<Platform> image = List.of(p("linux/amd64"), p("linux/arm64/v8"), p("linux/arm/v7"));
        assertThat(PlatformChoice.matching(image, null)).isEqualTo(image);
        assertThat(PlatformChoice.matching(image, p("linux/arm64"))).containsExactly(p("linux/arm64/v8"));
    }

    @Test
    void wanted_readsPlatformOrDebianArch_notBoth_notMalformed() throws Exception {
        assertThat(PlatformChoice.wanted("linux/arm64", null)).isEqualTo(p("linux/arm64"));
        assertThat(PlatformChoice.wanted(null, "armhf")).isEqualTo(p("linux/arm/v7"));
        assertThat(PlatformChoice.wanted(null, null)).isNull();
        assertThatThrownBy(() -> PlatformChoice.wanted("linux/arm64", "arm64")).hasMessageContaining("not both");
        assertThatThrownBy(() -> PlatformChoice.wanted("arm64", null)).hasMessageContaining("cannot choose a platform");
        assertThatThrownBy(() -> PlatformChoice.wanted(null, "aarch64")).hasMessageContaining("cannot choose a platform");
    }

    @Test
    void debianArch_ofPlatforms_withVariantWhereArmNeedsIt() throws Exception {
        assertThat(PlatformChoice.debianArch(p("linux/arm64"))).isEqualTo("arm64");
        assertThat(PlatformChoice.debianArch(p("linux/amd64"))).isEqualTo("amd64");
        assertThat(PlatformChoice.debianArch(p("linux/arm/v7"))).isEqualTo("armhf");
        assertThatThrownBy(() -> PlatformChoice.debianArch(p("linux/arm"))).hasMessageContaining("[armhf, armel]");
        assertThatThrownBy(() -> PlatformChoice.debianArch(p("linux/mips"))).hasMessageContaining("no Debian architecture");
    }
}
