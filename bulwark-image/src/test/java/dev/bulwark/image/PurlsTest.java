package dev.bulwark.image;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.oci.Digest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PurlsTest {

    @Test
    void deb_followsDesignsForm_withEpochAndPlusEncoded() {
        assertThat(Purls.deb("libstdc++6", "1:14.2.0-19", "amd64", 13))
                .isEqualTo("pkg:deb/debian/libstdc%2B%2B6@1%3A14.2.0-19?arch=amd64&distro=debian-13");
    }

    @Test
    void debSource_isArchSource() {
        assertThat(Purls.debSource("gcc-14", "14.2.0-19", "13"))
                .isEqualTo("pkg:deb/debian/gcc-14@14.2.0-19?arch=source&distro=debian-13");
    }

    @ParameterizedTest
    @CsvSource({"python3, python3", "oci:out/python3:latest, python3", "oci:/tmp/x/Python3, python3",
            "docker-archive:/tmp/app.tar, app", "oci-archive:/tmp/app.tar.gz:v1, app",
            "127.0.0.1:5000/team/python3:1, python3", "docker://registry.test/team/app@sha256:ab, app",
            "registry.test/team/app, app", "'weird name', weird-name"})
    void imageName_isTheLastPathComponentWithoutTransportTagDigestOrArchiveExtension(String ref, String name) {
        assertThat(Purls.imageName(ref)).isEqualTo(name);
    }

    @Test
    void oci_isTheNameAtTheEncodedDigest() throws Exception {
        Digest d = Digest.parse("sha256:" + "ab".repeat(32));
        assertThat(Purls.oci("oci:out/python3:latest", d)).isEqualTo("pkg:oci/python3@sha256%3A" + "ab".repeat(32));
    }
}
