package dev.bulwark.attest.sbom;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulwark.attest.testing.Goldens;
import dev.bulwark.attest.testing.Schemas;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SbomWritersTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest
    @EnumSource(SbomFormat.class)
    void write_isByteIdenticalAcrossRunsAndMatchesGolden(SbomFormat format) throws Exception {
        byte[] first = format.write(Fixtures.document());
        byte[] second = format.write(Fixtures.document());

        assertThat(second).isEqualTo(first);
        Goldens.assertMatches("sbom-small." + format.cliName() + ".json", first);
    }

    @Test
    void spdx_isValidAndListsEveryPackageWithPurlAndDependencies() throws Exception {
        byte[] doc = SbomFormat.SPDX_JSON.write(Fixtures.document());
        Schemas.assertValidSpdx(doc);

        JsonNode root = JSON.readTree(doc);
        assertThat(root.path("creationInfo").path("created").asText()).isEqualTo("2025-05-20T00:00:00Z");
        assertThat(root.findValuesAsText("referenceLocator")).contains(
                "pkg:deb/debian/perl-base@1%3A5.40.1-6?arch=amd64&distro=debian-13",
                "pkg:deb/debian/libstdc%2B%2B6@14.2.0-19?arch=amd64&distro=debian-13");
        assertThat(root.path("hasExtractedLicensingInfos").get(0).path("licenseId").asText())
                .isEqualTo("LicenseRef-public-domain");
        assertThat(root.toString()).contains("\"spdxElementId\":\"SPDXRef-Package-deb-libstdc-plus--plus-6-amd64\","
                + "\"relationshipType\":\"DEPENDS_ON\",\"relatedSpdxElement\":\"SPDXRef-Package-deb-libc6-amd64\"")
                .doesNotContain("not-installed");
    }

    @Test
    void cyclonedx_isValidAndPutsTheImageAtTheRoot() throws Exception {
        byte[] bom = SbomFormat.CYCLONEDX_JSON.write(Fixtures.document());
        Schemas.assertValidCycloneDx(bom);

        JsonNode root = JSON.readTree(bom);
        assertThat(root.path("metadata").path("component").path("version").asText())
                .isEqualTo(Fixtures.IMAGE.toString());
        assertThat(root.path("components")).hasSize(3);
        assertThat(root.path("dependencies").get(0).path("dependsOn")).hasSize(3);
    }

    @Test
    void schemas_rejectBrokenDocuments() throws Exception {
        String spdx = new String(SbomFormat.SPDX_JSON.write(Fixtures.document()), java.nio.charset.StandardCharsets.UTF_8);
        String cdx = new String(SbomFormat.CYCLONEDX_JSON.write(Fixtures.document()), java.nio.charset.StandardCharsets.UTF_8);

        assertThatThrownBy(() -> Schemas.assertValidSpdx(spdx.replace("\"SPDX-2.3\"", "2.3")
                .replace("\"SPDXRef-DOCUMENT\"", "\"DOC\"").getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                .isInstanceOf(AssertionError.class);
        assertThatThrownBy(() -> Schemas.assertValidCycloneDx(cdx.replace("\"LGPL-2.1-or-later\"", "\"No-Such-License\"")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8))).isInstanceOf(AssertionError.class);
    }
}
