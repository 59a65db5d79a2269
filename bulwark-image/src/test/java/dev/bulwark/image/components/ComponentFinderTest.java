package dev.bulwark.image.components;

import static dev.bulwark.image.components.TestArchives.bytes;
import static dev.bulwark.image.components.TestArchives.file;
import static dev.bulwark.image.components.TestArchives.image;
import static dev.bulwark.image.components.TestArchives.mavenJar;
import static dev.bulwark.image.components.TestArchives.zip;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.oci.layer.TarEntry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ComponentFinderTest {

    @TempDir
    Path tmp;

    /** Each component as {@code purl licences @ location [owner]}: the whole result in one comparable line. */
    private static List<String> dump(ImageComponents found) {
        return found.components().stream().map(c -> c.purl() + " " + c.licenses() + " @ " + c.location()
                + (c.debianPackage() == null ? "" : " [" + c.debianPackage() + "]")).toList();
    }

    @Test
    void find_readsMavenPythonAndNpmComponentsWithLicencesAndPaths() throws Exception {
        ImageComponents found = ComponentFinder.find(image(tmp, List.of(
                file("/app/lib/jackson-core-2.17.1.jar", mavenJar("com.fasterxml.jackson.core", "jackson-core",
                        "2.17.1", "The Apache Software License, Version 2.0")),
                file("/app/lib/odd.jar", mavenJar("org.example", "odd", "1.0", "Example Licence 7")),
                file("/usr/lib/python3/dist-packages/Foo_Bar.Baz-1.2.dist-info/METADATA", bytes("""
                        Metadata-Version: 2.1
                        Name: Foo_Bar.Baz
                        Version: 1.2
                        Classifier: Programming Language :: Python :: 3
                        Classifier: License :: OSI Approved :: MIT License

                        License: not a header, this is the description body
                        """)),
                file("/srv/site/old-0.9-py3.11.egg-info", bytes("Metadata-Version: 1.1\nName: old\nVersion: 0.9\n"
                        + "License: BSD License\n")),
                file("/srv/site/modern-3.0.dist-info/METADATA", bytes("Metadata-Version: 2.4\nName: modern\n"
                        + "Version: 3.0\nLicense-Expression: Apache-2.0 OR MIT\nLicense: ignored\n")),
                file("/srv/web/node_modules/left-pad/package.json", bytes("{\"name\":\"left-pad\",\"version\":\"1.3.0\","
                        + "\"license\":\"WTFPL\"}")),
                file("/srv/web/node_modules/@types/node/package.json", bytes("{\"name\":\"@types/node\","
                        + "\"version\":\"20.1.0\",\"license\":{\"type\":\"MIT\"}}")),
                file("/srv/web/node_modules/left-pad/lib/package.json", bytes("{\"type\":\"module\"}")),
                file("/srv/web/package.json", bytes("{\"name\":\"the-app\",\"version\":\"1.0.0\"}")))));

        assertThat(dump(found)).containsExactly(
                "pkg:maven/com.fasterxml.jackson.core/jackson-core@2.17.1 [Apache-2.0] @ /app/lib/jackson-core-2.17.1.jar",
                "pkg:maven/org.example/odd@1.0 [Example Licence 7] @ /app/lib/odd.jar",
                "pkg:pypi/modern@3.0 [Apache-2.0 OR MIT] @ /srv/site/modern-3.0.dist-info",
                "pkg:pypi/old@0.9 [BSD-3-Clause] @ /srv/site/old-0.9-py3.11.egg-info",
                "pkg:npm/%40types/node@20.1.0 [MIT] @ /srv/web/node_modules/@types/node/package.json",
                "pkg:npm/left-pad@1.3.0 [WTFPL] @ /srv/web/node_modules/left-pad/package.json",
                "pkg:pypi/foo-bar-baz@1.2 [MIT] @ /usr/lib/python3/dist-packages/Foo_Bar.Baz-1.2.dist-info");
        assertThat(found.notes()).isEmpty();
        assertThat(found.components().get(4).osvName()).isEqualTo("@types/node");
        assertThat(found.components().get(0).osvName()).isEqualTo("com.fasterxml.jackson.core:jackson-core");
    }

    @Test
    void find_readsNestedJarsOfASpringBootJarAndAWar() throws Exception {
        Map<String, byte[]> boot = new LinkedHashMap<>();
        boot.put("META-INF/MANIFEST.MF", bytes("Manifest-Version: 1.0\r\nStart-Class: x.Main\r\n\r\n"));
        boot.put("META-INF/maven/org.example/service/pom.properties",
                bytes("groupId=org.example\nartifactId=service\nversion=2.0.0\n"));
        boot.put("BOOT-INF/lib/slf4j-api-2.0.13.jar", mavenJar("org.slf4j", "slf4j-api", "2.0.13", "MIT License"));
        Map<String, byte[]> war = new LinkedHashMap<>();
        war.put("WEB-INF/lib/service.jar", zip(boot, StandardCharsets.UTF_8, true)); // STORED, as Spring Boot does
        ImageComponents found = ComponentFinder.find(image(tmp, List.of(file("/srv/app.war", zip(war)))));

        assertThat(dump(found)).containsExactly(
                "pkg:maven/org.example/service@2.0.0 [] @ /srv/app.war!/WEB-INF/lib/service.jar",
                "pkg:maven/org.slf4j/slf4j-api@2.0.13 [MIT] @ /srv/app.war!/WEB-INF/lib/service.jar!/BOOT-INF/lib/slf4j-api-2.0.13.jar");
        assertThat(found.components().get(1).file()).isEqualTo("/srv/app.war");
    }

    @Test
    void find_namesJarsWithoutMavenMetadataByTheirManifest() throws Exception {
        ImageComponents found = ComponentFinder.find(image(tmp, List.of(
                file("/opt/a.jar", TestArchives.manifestJar("Implementation-Title: tool\r\nImplementation-Version: 4.1"
                        + "\r\nImplementation-Vendor-Id: org.tools\r\n")),
                file("/opt/b.jar", TestArchives.manifestJar("Bundle-SymbolicName: org.osgi.thing;singleton:=true\r\n"
                        + "Bundle-Version: 1.0.0.v2024\r\nBundle-License: Apache-2.0;link=x\r\n")),
                file("/opt/c.jar", TestArchives.manifestJar("Created-By: nobody\r\n")))));

        assertThat(dump(found)).containsExactly(
                "pkg:maven/org.tools/tool@4.1 [] @ /opt/a.jar",
                "pkg:maven/org.osgi.thing@1.0.0.v2024 [Apache-2.0] @ /opt/b.jar");
    }

    @Test
    void find_forgetsComponentsAnUpperLayerRemovesOrReplaces() throws Exception {
        ImageComponents found = ComponentFinder.find(image(tmp,
                List.of(file("/app/old.jar", mavenJar("g", "old", "1", null)),
                        file("/app/kept.jar", mavenJar("g", "kept", "1", null)),
                        file("/app/swapped.jar", mavenJar("g", "swapped", "1", null)),
                        file("/app/gone/node_modules/x/package.json", bytes("{\"name\":\"x\",\"version\":\"1.0.0\"}"))),
                List.of(TarEntry.file("/app/.wh.old.jar", 0644, new byte[0]),
                        file("/app/swapped.jar", mavenJar("g", "swapped", "2", null)),
                        TarEntry.file("/app/gone/.wh..wh..opq", 0644, new byte[0]))));

        assertThat(dump(found)).containsExactly("pkg:maven/g/kept@1 [] @ /app/kept.jar",
                "pkg:maven/g/swapped@2 [] @ /app/swapped.jar");
    }

    @Test
    void find_saysWhichDebianPackageOwnsAComponentFile() throws Exception {
        ImageComponents found = ComponentFinder.find(image(tmp, List.of(
                file("/usr/share/java/commons-io.jar", mavenJar("commons-io", "commons-io", "2.16.1", null)),
                file("/usr/lib/python3/dist-packages/six-1.16.0.egg-info", bytes("Name: six\nVersion: 1.16.0\n")),
                file("/usr/lib/python3/dist-packages/idna-3.10.dist-info/METADATA", bytes("Name: idna\nVersion: 3.10\n")),
                file("/app/mine.jar", mavenJar("org.example", "mine", "1", null)),
                file("/var/lib/dpkg/status.d/libcommons-io-java.md5sums",
                        bytes("0123456789abcdef0123456789abcdef  usr/share/java/commons-io.jar\n")),
                file("/var/lib/dpkg/info/python3-six:all.md5sums",
                        bytes("0123456789abcdef0123456789abcdef  usr/lib/python3/dist-packages/six-1.16.0.egg-info\n")),
                file("/var/lib/dpkg/status.d/python3-idna.md5sums", bytes("0123456789abcdef0123456789abcdef  "
                        + "usr/lib/python3/dist-packages/idna-3.10.dist-info/METADATA\n")))));

        assertThat(dump(found)).containsExactly("pkg:maven/org.example/mine@1 [] @ /app/mine.jar",
                "pkg:pypi/idna@3.10 [] @ /usr/lib/python3/dist-packages/idna-3.10.dist-info [python3-idna]",
                "pkg:pypi/six@1.16.0 [] @ /usr/lib/python3/dist-packages/six-1.16.0.egg-info [python3-six]",
                "pkg:maven/commons-io/commons-io@2.16.1 [] @ /usr/share/java/commons-io.jar [libcommons-io-java]");
    }
}
