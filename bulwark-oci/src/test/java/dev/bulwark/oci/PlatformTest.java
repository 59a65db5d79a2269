package dev.bulwark.oci;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PlatformTest {

    @ParameterizedTest
    @CsvSource({
            "amd64, linux/amd64",
            "arm64, linux/arm64/v8",
            "armhf, linux/arm/v7",
            "armel, linux/arm/v5",
            "i386, linux/386",
            "ppc64el, linux/ppc64le",
            "s390x, linux/s390x",
            "riscv64, linux/riscv64",
    })
    void fromDebianArch_mapsToOciPlatform(String debian, String oci) throws Exception {
        assertThat(Platform.fromDebianArch(debian)).isEqualTo(Platform.parse(oci)).hasToString(oci);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "linux", "linux/", "/amd64", "linux/amd64/v8/x", "Linux/AMD64"})
    void parse_malformed_isBadInput(String s) {
        assertThatThrownBy(() -> Platform.parse(s)).isInstanceOf(PlatformParseException.class)
                .hasMessageContaining("cannot parse platform '" + s + "'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"x32", "all", "AMD64"})
    void fromDebianArch_unknown_namesTheKnownOnes(String arch) {
        assertThatThrownBy(() -> Platform.fromDebianArch(arch)).hasMessageContaining("amd64, arm64");
    }

    @ParameterizedTest
    @ValueSource(strings = {"sha256:abc", "sha512:" + "00", "SHA256:0000000000000000000000000000000000000000000000000000000000000000",
            "sha256:000000000000000000000000000000000000000000000000000000000000000G"})
    void digestParse_malformed_isBadInput(String s) {
        assertThatThrownBy(() -> Digest.parse(s)).isInstanceOf(DigestParseException.class);
    }

    @org.junit.jupiter.api.Test
    void digestOf_emptyIsTheWellKnownValue() throws Exception {
        Digest d = Digest.of(new byte[0]);
        assertThat(d).hasToString("sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        assertThat(Digest.parse(d.toString())).isEqualTo(d);
    }
}
