package dev.bulwark.attest.sbom;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulwark.attest.testing.Schemas;
import dev.bulwark.attest.testing.TestImages;
import dev.bulwark.oci.image.Image;
import dev.bulwark.oci.layer.TarEntry;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SBOMs of an image whose files hold Maven, PyPI and npm components besides its Debian packages. */
class ComponentSbomTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private Image image() throws Exception {
        List<TarEntry> added = new ArrayList<>();
        for (String d : List.of("/app", "/app/node_modules", "/app/node_modules/express", "/usr/share/java",
                "/usr/lib/python3", "/usr/lib/python3/dist-packages",
                "/usr/lib/python3/dist-packages/requests-2.32.3.dist-info")) {
            added.add(TarEntry.dir(d, 0755, 0, 0));
        }
        added.add(file("/app/app.jar", jar(Map.of("META-INF/maven/org.example/app/pom.properties",
                "groupId=org.example\nartifactId=app\nversion=1.0\n", "BOOT-INF/lib/guava-33.0.0-jre.jar", "PK\u0003\u0004 a local header and then nothing that makes sense"))));
        added.add(file("/usr/share/java/tool.jar", jar(Map.of("META-INF/maven/org.tool/tool/pom.properties",
                "groupId=org.tool\nartifactId=tool\nversion=3.1\n", "META-INF/maven/org.tool/tool/pom.xml",
                "<project><licenses><license><name>Tool Licence</name></license></licenses></project>"))));
        added.add(file("/var/lib/dpkg/status.d/tool.md5sums", "00112233445566778899aabbccddeeff  usr/share/java/tool.jar\n"
                .getBytes(StandardCharsets.UTF_8)));
        added.add(file("/usr/lib/python3/dist-packages/requests-2.32.3.dist-info/METADATA",
                "Name: requests\nVersion: 2.32.3\nLicense: Apache 2.0\n".getBytes(StandardCharsets.UTF_8)));
        added.add(TarEntry.dir("/usr/lib/python3/dist-packages/chardet-5.2.0.dist-info", 0755, 0, 0));
        added.add(file("/usr/lib/python3/dist-packages/chardet-5.2.0.dist-info/METADATA",
                "Name: chardet\nVersion: 5.2.0\nLicense: LGPL\n".getBytes(StandardCharsets.UTF_8)));
        added.add(file("/app/node_modules/express/package.json",
                "{\"name\":\"express\",\"version\":\"4.19.2\",\"license\":\"MIT\"}".getBytes(StandardCharsets.UTF_8)));
        return TestImages.debianImage(tmp, "linux/amd64", added);
    }

    private SbomDocument document() throws Exception {
        Image image = image();
        return ImageSboms.read(image, new SbomSubject("app", image.digest()), Instant.ofEpochSecond(TestImages.EPOCH),
                "0.1.0", List.of());
    }

    @Test
    void spdx_listsComponentsWithPurlLicenceAndTheirPathInTheImage() throws Exception {
        byte[] doc = SbomFormat.SPDX_JSON.write(document());
        Schemas.assertValidSpdx(doc);
        JsonNode root = JSON.readTree(doc);

        List<String> lines = new ArrayList<>();
        for (JsonNode p : root.path("packages")) {
            if (p.has("packageFileName")) {
                lines.add(p.path("externalRefs").get(0).path("referenceLocator").asText() + " "
                        + p.path("licenseDeclared").asText() + " @ " + p.path("packageFileName").asText());
            }
        }
        assertThat(lines).containsExactly(
                "pkg:maven/org.example/app@1.0 NOASSERTION @ /app/app.jar",
                "pkg:npm/express@4.19.2 MIT @ /app/node_modules/express/package.json",
                "pkg:pypi/chardet@5.2.0 LicenseRef-LGPL @ /usr/lib/python3/dist-packages/chardet-5.2.0.dist-info",
                "pkg:pypi/requests@2.32.3 Apache-2.0 @ /usr/lib/python3/dist-packages/requests-2.32.3.dist-info",
                "pkg:maven/org.tool/tool@3.1 LicenseRef-Tool-Licence @ /usr/share/java/tool.jar");
        assertThat(root.path("hasExtractedLicensingInfos").toString()).contains("\"licenseId\":\"LicenseRef-Tool-Licence\"");
        assertThat(root.path("packages").toString()).contains("a file of Debian package tool");
        String rels = root.path("relationships").toString();
        assertThat(rels).contains("{\"spdxElementId\":\"SPDXRef-Package-deb-tool-all\",\"relationshipType\":\"CONTAINS\","
                + "\"relatedSpdxElement\":\"SPDXRef-Package-maven-tool-");
        assertThat(root.path("packages").findValuesAsText("SPDXID")).doesNotHaveDuplicates().hasSize(1 + 3 + 5);
        assertThat(root.path("creationInfo").path("comment").asText())
                .startsWith("Not read for components: /app/app.jar!/BOOT-INF/lib/guava-33.0.0-jre.jar: not read");
    }

    @Test
    void cyclonedx_listsComponentsWithEvidenceOccurrences() throws Exception {
        byte[] bom = SbomFormat.CYCLONEDX_JSON.write(document());
        Schemas.assertValidCycloneDx(bom);
        JsonNode root = JSON.readTree(bom);

        JsonNode tool = null;
        JsonNode express = null;
        List<String> purls = new ArrayList<>();
        for (JsonNode c : root.path("components")) {
            purls.add(c.path("purl").asText());
            if (c.path("name").asText().equals("tool")) {
                tool = c;
            } else if (c.path("name").asText().equals("express")) {
                express = c;
            }
        }
        assertThat(express.path("licenses").get(0).path("license").path("id").asText()).isEqualTo("MIT");
        assertThat(purls).contains("pkg:maven/org.example/app@1.0", "pkg:npm/express@4.19.2",
                "pkg:pypi/requests@2.32.3", "pkg:maven/org.tool/tool@3.1");
        assertThat(tool.path("group").asText()).isEqualTo("org.tool");
        assertThat(tool.path("evidence").path("occurrences").get(0).path("location").asText())
                .isEqualTo("/usr/share/java/tool.jar");
        assertThat(tool.path("licenses").get(0).path("license").path("name").asText()).isEqualTo("Tool Licence");
        assertThat(tool.path("properties").toString()).contains("bulwark:deb:package").contains("\"tool\"");
        assertThat(root.path("dependencies").get(0).path("dependsOn").toString()).contains("pkg:pypi/requests@2.32.3");
    }

    private static TarEntry file(String path, byte[] content) {
        return TarEntry.file(path, 0644, content);
    }

    private static byte[] jar(Map<String, String> entries) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            for (Map.Entry<String, String> e : new java.util.TreeMap<>(entries).entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey()));
                zip.write(e.getValue().getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
        }
        return out.toByteArray();
    }
}
